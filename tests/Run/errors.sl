# Every error of `sluice run`: `sluice: error: ...` on stderr, exit status 1.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 2,5 1,2,3,4,5,6,7,8,9,10
# RUN: %npy write %t/y6.npy '<f4' 2,6 1,2,3,4,5,6,7,8,9,10,11,12
# RUN: %npy write %t/w.npy '<f4' 2,3 1,2,3,4,5,6
# RUN: %npy write %t/w4.npy '<f4' 2,4 1,2,3,4,5,6,7,8
# RUN: %npy write %t/x64.npy '<f8' 2,5 1,2,3,4,5,6,7,8,9,10
# RUN: %npy write %t/flat.npy '<f4' 10 1,2,3,4,5,6,7,8,9,10
# RUN: %npy write %t/int.npy '<i4' 2,5 1,2,3,4,5,6,7,8,9,10
# RUN: %npy write %t/big.npy '>f4' 2,5 1,2,3,4,5,6,7,8,9,10
# RUN: %npy write %t/fortran.npy '<f4' 2,5 1,2,3,4,5,6,7,8,9,10 --fortran
# RUN: %npy write %t/short.npy '<f4' 2,5 1,2,3,4,5,6,7,8,9,10 --drop 4
# RUN: echo "not a numpy file" > %t/text.npy
#
# RUN: not sluice run %s --target reference --input x=%t/x.npy --input y=%t/x.npy 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: sluice: error: missing param 'w': give --input w=FILE.npy, or --random with the model's dims
# RUN: not sluice run %s --target reference --input w=%t/w.npy 2>&1 | FileCheck %s --check-prefix=MISSING-INPUT
# MISSING-INPUT: sluice: error: missing input 'x': give --input x=FILE.npy, or --random with the model's dims
# RUN: not sluice run %s --target reference --input z=%t/x.npy 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# UNKNOWN: sluice: error: model 'errs' has no input or param 'z' (it takes: x, y, w)
# RUN: not sluice run %s --target reference --input x 2>&1 | FileCheck %s --check-prefix=NO-FILE
# NO-FILE: sluice: error: --input expects NAME=FILE.npy, got 'x'
# RUN: not sluice run %s --target reference --input x=%t/x.npy --input x=%t/x.npy 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: sluice: error: --input gives 'x' twice
#
# RUN: not sluice run %s --target reference --input x=%t/x.npy --input y=%t/y6.npy --input w=%t/w.npy 2>&1 | FileCheck %s --check-prefix=DIMS
# DIMS: sluice: error: dim 'T' is 5 in 'x' but 6 in 'y'
# RUN: not sluice run %s --target reference --input x=%t/x.npy --random B=2,T=4 2>&1 | FileCheck %s --check-prefix=DIMS-RANDOM
# DIMS-RANDOM: sluice: error: dim 'T' is 4 in --random but 5 in 'x'
# RUN: not sluice run %s --target reference --input w=%t/w4.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=LITERAL
# LITERAL: sluice: error: dim 1 of 'w' has the literal size 3, but {{.*}}w4.npy has 4 there (shape [2, 4])
# RUN: not sluice run %s --target reference --input x=%t/flat.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=RANK
# RANK: sluice: error: 'x' has 2 dims [B, T], but {{.*}}flat.npy has shape [10]
# RUN: not sluice run %s --target reference --input x=%t/x64.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=DTYPE
# DTYPE: sluice: error: 'x' is declared f32, but {{.*}}x64.npy holds float64 (give a float32 file)
#
# RUN: not sluice run %s --target reference --input x=%t/int.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=INT
# INT: sluice: error: {{.*}}int.npy: dtype '<i4' is not supported (sluice reads float16, float32 and float64: '<f2', '<f4', '<f8')
# RUN: not sluice run %s --target reference --input x=%t/big.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=BIG
# BIG: sluice: error: {{.*}}big.npy: big-endian dtype '>f4' is not supported (write little-endian '<f4' or '<f8')
# RUN: not sluice run %s --target reference --input x=%t/fortran.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=FORTRAN
# FORTRAN: sluice: error: {{.*}}fortran.npy: fortran_order arrays are not supported (save a C-order array, e.g. numpy.ascontiguousarray)
# RUN: not sluice run %s --target reference --input x=%t/short.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=SHORT
# SHORT: sluice: error: {{.*}}short.npy: truncated data: shape [2, 5] of f32 needs 40 bytes, the file has 36
# RUN: not sluice run %s --target reference --input x=%t/text.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=MAGIC
# MAGIC: sluice: error: {{.*}}text.npy: not a .npy file (bad magic; expected \x93NUMPY)
# RUN: not sluice run %s --target reference --input x=%t/none.npy --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=NONE
# NONE: sluice: error: {{.*}}none.npy: cannot open: No such file or directory
#
# RUN: not sluice run %s --target reference --random B=2,T=5,D=3 2>&1 | FileCheck %s --check-prefix=RANDOM-UNKNOWN
# RANDOM-UNKNOWN: sluice: error: --random: model 'errs' has no dim 'D' (its dims: B, T)
# RUN: not sluice run %s --target reference --random B=2 2>&1 | FileCheck %s --check-prefix=RANDOM-MISSING
# RANDOM-MISSING: sluice: error: --random does not give dim 'T' (used by 'x'): add T=SIZE
# RUN: not sluice run %s --target reference --random B=2,T 2>&1 | FileCheck %s --check-prefix=RANDOM-SYNTAX
# RANDOM-SYNTAX: sluice: error: --random expects NAME=SIZE items separated by commas, got 'T'
# A size variable that is not a whole number of megabytes is ignored with
# a warning (the run goes on):
# RUN: env SLUICE_JIT_CACHE_MB=abc sluice run %S/../../examples/ema.sl --random B=1,T=10,D=2 --output-dir %t/mb 2>&1 | FileCheck %s --check-prefix=MEGABYTES
# MEGABYTES: sluice: warning: ignoring SLUICE_JIT_CACHE_MB='abc' (a whole number of megabytes below 2^44); using 256
# (Set but empty: as unset, no warning.)
# RUN: env SLUICE_JIT_CACHE_MB= sluice run %S/../../examples/ema.sl --random B=1,T=10,D=2 --output-dir %t/mb 2>&1 | FileCheck %s --check-prefix=MBEMPTY --implicit-check-not=warning
# MBEMPTY: m: shape [1, 10, 2]
# MEGABYTES: m: shape [1, 10, 2]
# A first word that names no command:
# RUN: not sluice frobnicate 2>&1 | FileCheck %s --check-prefix=UNKNOWN-COMMAND
# UNKNOWN-COMMAND: sluice: error: unknown command 'frobnicate' (the commands: dump, run, bench, tune, compile)
# A model path naming a device that never ends is read up to 64 MiB:
# RUN: not sluice dump /dev/zero --stage parsed 2>&1 | FileCheck %s --check-prefix=ENDLESS
# ENDLESS: sluice: error: '/dev/zero' is larger than 64 MiB
# A size of 0 is a size (as an input file of 0 steps): no error.
# RUN: sluice run %s --target cpu --random B=2,T=0 --output-dir %t/zero 2>&1 | FileCheck %s --check-prefix=RANDOM-ZERO
# RANDOM-ZERO: o: shape [2, 0], f32
# RANDOM-ZERO: q: shape [2, 3], f32
# RUN: not sluice run %s --target reference --random B=2,T=-1 2>&1 | FileCheck %s --check-prefix=RANDOM-NEGATIVE
# RANDOM-NEGATIVE: sluice: error: --random: the size of dim 'T' must be a non-negative integer, got '-1'
# RUN: not sluice run %s --target reference --random B=2,B=3 2>&1 | FileCheck %s --check-prefix=RANDOM-TWICE
# RANDOM-TWICE: sluice: error: --random gives dim 'B' twice
#
# RUN: not sluice run %s --target gpu --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=TARGET
# TARGET: sluice: error: --target: gpu not in {cpu,opencl,reference}
# RUN: echo "not a directory" > %t/file
# RUN: not sluice run %s --target reference --random B=2,T=5 --output-dir %t/file/out 2>&1 | FileCheck %s --check-prefix=OUTDIR
# OUTDIR: sluice: error: cannot create the output directory '{{.*}}file/out': {{.*}}

model errs {
  dims B, T
  input x : f32[B, T]
  input y : f32[B, T]
  param w : f32[B, 3]
  output o = x + y, q = w * 2.0
}
