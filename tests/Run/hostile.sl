# Hostile sizes, files, seeds and thread counts for `sluice run`: each is a
# `sluice: error: ...` on stderr and exit status 1, at once, never a crash,
# a hang or an allocation of what a header merely claims.
# RUN: rm -rf %t && mkdir -p %t
#
# Dims whose product overflows int64.
# RUN: not sluice run %s --random B=4294967296,T=4294967296,D=4 2>&1 | FileCheck %s --check-prefix=OVERFLOW
# OVERFLOW: sluice: error: shape [4294967296, 4294967296, 4] of 'x' has more than 2^63 bytes
#
# A size that fits but cannot be allocated: the bytes and what they were for.
# RUN: not sluice run %s --random B=1000000000000000,T=5,D=4 2>&1 | FileCheck %s --check-prefix=ALLOC
# ALLOC: sluice: error: could not allocate 80000000000000000 bytes (71.1 PiB) for 'x' (f32, shape [1000000000000000, 5, 4])
# RUN: not sluice run %s --random B=99999999999999999999,T=5,D=4 2>&1 | FileCheck %s --check-prefix=TOO-LARGE
# TOO-LARGE: sluice: error: --random: the size of dim 'B' is too large: 99999999999999999999 (at most 2^62 = 4611686018427387904)
#
# --seed out of range, or not a number.
# RUN: not sluice run %s --random B=1,T=2,D=4 --seed -1 2>&1 | FileCheck %s --check-prefix=SEED-NEG
# SEED-NEG: sluice: error: --seed must be an integer from 0 to 18446744073709551615, got '-1'
# RUN: not sluice run %s --random B=1,T=2,D=4 --seed 18446744073709551616 2>&1 | FileCheck %s --check-prefix=SEED-BIG
# SEED-BIG: sluice: error: --seed must be an integer from 0 to 18446744073709551615, got '18446744073709551616'
# RUN: sluice run %s --random B=1,T=2,D=4 --seed 18446744073709551615 --output-dir %t/seed | FileCheck %s --check-prefix=SEED-MAX
# SEED-MAX: y: shape [1, 2, 4], f32, written to {{.*}}seed/y.npy
#
# A header that claims 16 GiB of data in a file of 8 bytes: an error before
# anything is allocated (it used to zero 16 GiB first).
# RUN: %npy write %t/claims16g.npy '<f4' 2147483648,2,1 1,2
# RUN: not sluice run %s --input x=%t/claims16g.npy --random D=1 2>&1 | FileCheck %s --check-prefix=CLAIM
# CLAIM: sluice: error: {{.*}}claims16g.npy: truncated data: shape [2147483648, 2, 1] of f32 needs 17179869184 bytes, the file has 8
# A header whose shape overflows.
# RUN: %npy write %t/huge.npy '<f4' 4294967296,4294967296,4 1
# RUN: not sluice run %s --input x=%t/huge.npy 2>&1 | FileCheck %s --check-prefix=HUGE-NPY
# HUGE-NPY: sluice: error: {{.*}}huge.npy: shape [4294967296, 4294967296, 4] of f32 has more than 2^63 bytes
# An endless stream without a header fails on its magic, without reading on.
# RUN: not sluice run %s --input x=/dev/zero --random B=1,T=2,D=4 2>&1 | FileCheck %s --check-prefix=ZERO
# ZERO: sluice: error: /dev/zero: not a .npy file (bad magic; expected \x93NUMPY)
# A directory.
# RUN: not sluice run %s --input x=%t --random B=1,T=2,D=4 2>&1 | FileCheck %s --check-prefix=DIR
# DIR: sluice: error: {{.*}}: is a directory, not a .npy file
#
# A failed run writes nothing: q.npy cannot be written (a directory is in the
# way), so y.npy must not appear either, and no temporary file is left.
# RUN: mkdir -p %t/out/q.npy
# RUN: not sluice run %s --random B=1,T=2,D=4 --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=PARTIAL
# PARTIAL: sluice: error: cannot write output 'q': {{.*}}out/q.npy is a directory
# RUN: ls -A %t/out | FileCheck %s --check-prefix=LEFT --implicit-check-not=y.npy --implicit-check-not=tmp
# LEFT: q.npy
#
# SLUICE_NUM_THREADS bounds the threads; a bad value is an error.
# RUN: env SLUICE_NUM_THREADS=1 sluice run %s --random B=1,T=2,D=4 --output-dir %t/one | FileCheck %s --check-prefix=ONE
# ONE: y: shape [1, 2, 4], f32, written to
# RUN: env SLUICE_NUM_THREADS=0 not sluice run %s --random B=1,T=2,D=4 2>&1 | FileCheck %s --check-prefix=THREADS-BAD
# RUN: env SLUICE_NUM_THREADS=lots not sluice run %s --random B=1,T=2,D=4 2>&1 | FileCheck %s --check-prefix=THREADS-BAD
# THREADS-BAD: sluice: error: SLUICE_NUM_THREADS must be an integer from 1 to 4096, got '{{0|lots}}'

model hostile {
  dims B, T, D
  input x : f32[B, T, D]
  output y = x * 2.0, q = x + 1.0
}
