# `sluice tune` and `sluice-run --tune` (runtime/opencl/Tuner.h) on the test
# device (PoCL in CI): they print the candidates and the winner and write
# an entry to the tuning cache ($SLUICE_TUNING_CACHE); a later run with the
# cache, and with a hand-written entry of an odd chunk and work-group,
# still matches the float64 reference. Errors: another target, no device,
# a CPU artifact, a model without a look-back scan; a corrupt cache file is
# a warning only.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/tuning.json sluice tune %examples/ema.sl --random B=1,T=3000,D=2 --tune-random 3 --seed 5 --runs 1 | FileCheck %s
# CHECK: device: {{.+}}
# CHECK: tune model=ema kernel=[[AGG:sl_scan_aggregate_[0-9]+]] size_class=c1.t11.s1 channels=2 steps=3000
# CHECK-NEXT: chunk  work_group  mode              ms  check
# CHECK-NEXT: {{^}} 64 128 three-pass {{[0-9.]+}} ok (default)
# CHECK-NEXT: {{[0-9]+}} {{[0-9]+}} {{[a-z-]+}} {{[0-9.]+}} ok{{$}}
# CHECK-NEXT: {{[0-9]+}} {{[0-9]+}} {{[a-z-]+}} {{[0-9.]+}} ok{{$}}
# CHECK-NEXT: {{[0-9]+}} {{[0-9]+}} {{[a-z-]+}} {{[0-9.]+}} ok{{$}}
# CHECK-NEXT: winner: chunk={{[0-9]+}} work_group={{[0-9]+}} mode={{[a-z-]+}} ms=
# CHECK-NEXT: tuning cache: {{.*}}tuning.json (1 entry)
# RUN: FileCheck %s --check-prefix=FILE --input-file %t/tuning.json
# FILE: {"format": "sluice-tuning", "version": 1, "entries": [
# FILE-NEXT: {"device": "{{.+}}", "kernel": "sl_scan_aggregate_{{[0-9]+}}@{{[0-9a-f]+}}", "size_class": "c1.t11.s1", "chunk": {{[0-9]+}}, "work_group": {{[0-9]+}}, "mode": "{{[a-z-]+}}", "microseconds": {{[0-9]+}}}
# FILE-NEXT: ]}
#
# Runs that read the cache match the reference.
# RUN: mkdir -p %t/work
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/tuning.json %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t/work B=1,T=3000,*=2 B=1,T=3000,*=2 | FileCheck %s --check-prefix=MATCH
# MATCH: ema B=1,T=3000,D=2 (artifact): opencl matches the reference
# MATCH: ema B=1,T=3000,D=2 (run): opencl matches the reference
# An entry with chunk 7 and work-group 1 (the key the tuner wrote).
# RUN: sed -e 's/"chunk": [0-9]*, "work_group": [0-9]*/"chunk": 7, "work_group": 1/' %t/tuning.json > %t/odd.json
# RUN: FileCheck %s --check-prefix=ODD --input-file %t/odd.json
# ODD: "chunk": 7, "work_group": 1,
# RUN: rm -rf %t/work && mkdir -p %t/work
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/odd.json %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t/work B=1,T=3000,*=2 B=1,T=2100,*=2 | FileCheck %s --check-prefix=MATCH2
# MATCH2: ema B=1,T=3000,D=2 (artifact): opencl matches the reference
# MATCH2: ema B=1,T=2100,D=2 (run): opencl matches the reference
#
# sluice-run --tune on an OpenCL artifact, no compiler involved.
# RUN: %no-leak-check sluice compile %examples/ema.sl --target opencl -o %t/ema
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/run.json sluice-run %t/ema --tune --tune-random 2 --random B=1,T=500,D=3 --seed 2 | FileCheck %s --check-prefix=RUNTUNE
# RUNTUNE: tune model=ema kernel=sl_scan_aggregate_{{[0-9]+}} size_class=c1.t8.s1 channels=3 steps=500
# RUNTUNE: winner: chunk=
# RUNTUNE: tuning cache: {{.*}}run.json (1 entry)
# The chunk's dim is no dim a user binds.
# RUN: not sluice-run %t/ema --random B=1,T=5,lookback_chunk#0=3 2>&1 | FileCheck %s --check-prefix=DIMS
# (--tune-random alone would be ignored: an error instead.)
# RUN: not sluice-run %t/ema --random B=1,T=5,D=3 --tune-random 2 2>&1 | FileCheck %s --check-prefix=RANDOMALONE
# RANDOMALONE: sluice-run: error: --tune-random requires --tune
# DIMS: sluice-run: error: --random: model 'ema' has no dim 'lookback_chunk#0' (its dims: B, T, D)
#
# A corrupt cache: one warning, and the run goes on with the defaults.
# RUN: echo '{"format": "sluice-tuning", "version": 1, "entr' > %t/corrupt.json
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/corrupt.json sluice-run %t/ema --random B=1,T=500,D=3 --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=CORRUPT
# CORRUPT: sluice: warning: ignoring the tuning cache '{{.*}}corrupt.json': line 1
# CORRUPT-NOT: warning
# CORRUPT: m: shape [1, 500, 3], f32, written to
#
# Errors.
# The older spelling (--dims, a bare --random N) still works; the dims or
# the candidates given twice are errors.
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/old.json sluice tune %examples/ema.sl --dims B=1,T=3000,D=2 --random 2 --seed 5 --runs 1 | FileCheck %s --check-prefix=OLD
# OLD: winner: chunk=
# OLD-NEXT: tuning cache: {{.*}}old.json (1 entry)
# RUN: not sluice tune %examples/ema.sl --random 3 --tune-random 2 --dims B=1,T=30,D=2 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: sluice: error: --random 3 and --tune-random 2 both give the candidates: give them once
# RUN: not sluice tune %examples/ema.sl --random B=1,T=30,D=2 --dims B=1,T=30,D=2 2>&1 | FileCheck %s --check-prefix=DIMSTWICE
# DIMSTWICE: sluice: error: --random and --dims both give the dims: give them once
# RUN: not sluice tune %examples/ema.sl --target cpu --dims B=1,T=30,D=2 2>&1 | FileCheck %s --check-prefix=CPU
# CPU: sluice: error: sluice tune tunes the OpenCL target's look-back schedules and matrix products; target 'cpu' has nothing to tune (use --target opencl)
# RUN: mkdir -p %t/no-icd
# RUN: not env OCL_ICD_VENDORS=%t/no-icd sluice tune %examples/ema.sl --dims B=1,T=30,D=2 2>&1 | FileCheck %s --check-prefix=NODEVICE
# NODEVICE: sluice: error: no OpenCL device found
# RUN: %no-leak-check sluice compile %examples/ema.sl --target cpu -o %t/cpu
# RUN: not sluice-run %t/cpu --tune --random B=1,T=30,D=2 2>&1 | FileCheck %s --check-prefix=CPUART
# CPUART: sluice-run: error: --tune tunes OpenCL artifacts (sluice compile --target opencl); '{{.*}}cpu' is for target 'cpu'
# RUN: not %no-leak-check env SLUICE_TUNING_CACHE=%t/none.json sluice tune %S/Inputs/tune-no-scan.sl --dims B=1,D=2 2>&1 | FileCheck %s --check-prefix=NOSCAN
# NOSCAN: sluice: error: model 'double_it' has nothing to tune: no look-back scan (only a scan over a long axis with few channels runs by look-back) and no f32 matrix product
# A size of 0 (which runs) has nothing to tune, nor writes an entry:
# RUN: not %no-leak-check env SLUICE_TUNING_CACHE=%t/zero.json sluice tune %examples/ema.sl --dims B=1,T=0,D=2 2>&1 | FileCheck %s --check-prefix=ZERO
# ZERO: sluice: error: model 'ema' has nothing to tune at dim 'T' = 0 (no element to compute): give the sizes to tune for
# RUN: not test -e %t/zero.json
