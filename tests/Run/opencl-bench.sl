# `sluice-run --bench N` on an OpenCL artifact (PoCL in CI): the warm-up's
# outputs equal a plain run's, with the executor's parallelism at 1 too
# (SLUICE_BENCH_PARALLELISM: the scan goes channel-parallel instead of the
# look-back), and the line names the target and the unique bytes (x, alpha
# and m: (2*600*3 + 3 + 2*600*3) * 4 bytes).
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check sluice compile %s --target opencl -o %t/art
# RUN: %no-leak-check sluice-run %t/art --random B=2,T=600,D=3 --seed 5 --output-dir %t/plain
# RUN: %no-leak-check sluice-run %t/art --random B=2,T=600,D=3 --seed 5 --output-dir %t/bench --bench 3 | FileCheck %s
# RUN: cmp %t/plain/m.npy %t/bench/m.npy
# RUN: %no-leak-check env SLUICE_BENCH_PARALLELISM=1 sluice-run %t/art --random B=2,T=600,D=3 --seed 5 --output-dir %t/channels --bench 2 | FileCheck %s --check-prefix=CHANNELS
# RUN: %no-leak-check %python -c "import numpy as np, sys; a, b = (np.load(sys.argv[i]) for i in (1, 2)); sys.exit(0 if np.allclose(a, b, rtol=1e-5, atol=1e-5) else 1)" %t/plain/m.npy %t/channels/m.npy
# CHECK: m: shape [2, 600, 3], f32, written to
# CHECK: bench model=bench_ema_opencl target=opencl runs=3 median_ms={{[0-9.]+}} min_ms={{[0-9.]+}} max_ms={{[0-9.]+}} unique_bytes=28812 gbps={{[0-9.]+}}
# CHANNELS: bench model=bench_ema_opencl target=opencl runs=2
model bench_ema_opencl {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
