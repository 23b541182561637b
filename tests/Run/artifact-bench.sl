# `sluice-run --bench N` on a CPU artifact: one warm-up run (its outputs
# written, equal to a plain run's), N timed runs, one line with the median,
# the unique bytes (x, alpha and m: (2*64*8 + 8 + 2*64*8) * 4 bytes) and
# GB/s. N < 1 is an error with exit status 1.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice compile %s --target cpu -o %t/art
# RUN: sluice-run %t/art --random B=2,T=64,D=8 --seed 3 --output-dir %t/plain
# RUN: sluice-run %t/art --random B=2,T=64,D=8 --seed 3 --output-dir %t/bench --bench 3 | FileCheck %s
# RUN: cmp %t/plain/m.npy %t/bench/m.npy
# RUN: not sluice-run %t/art --random B=2,T=64,D=8 --bench 0 2>&1 | FileCheck %s --check-prefix=ZERO
# CHECK: m: shape [2, 64, 8], f32, written to
# CHECK: bench model=bench_ema target=cpu runs=3 median_ms={{[0-9.]+}} min_ms={{[0-9.]+}} max_ms={{[0-9.]+}} unique_bytes=8224 gbps={{[0-9.]+}}
# ZERO: --bench: Value 0 not in range 1 to 1000000
model bench_ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
