# `--scan-strategy sequential` compiles without recognition: every scan block
# runs as the loop it was written as (the benchmarks' "forced sequential"),
# and gives the reference's numbers. A prefix op has no loop form: an error.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %s --model decays --random B=2,T=300,D=5 --scan-strategy sequential --output-dir %t/seq
# RUN: sluice run %s --model decays --random B=2,T=300,D=5 --target reference --output-dir %t/ref
# RUN: %npy closedir %t/seq %t/ref 1e-5 | FileCheck %s
# RUN: sluice bench %s --model decays --random B=2,T=64,D=5 --scan-strategy sequential --repeat 1 --warmup 0 --json | FileCheck %s --check-prefix=BENCH
# RUN: not sluice run %s --model prefix --random B=1,T=4,D=2 --scan-strategy sequential 2>&1 | FileCheck %s --check-prefix=PREFIX
# RUN: not sluice run %s --model decays --random B=1,T=4,D=2 --scan-strategy serial 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# CHECK: h.npy: close: 3000 elements
# CHECK: m.npy: close: 3000 elements
# BENCH: {"median_ms":
# PREFIX: sluice: error: --scan-strategy sequential: the model has a prefix op (cumsum, ...), which runs only as a scan
# UNKNOWN: --scan-strategy: serial not in {channel_parallel,lookback,chunked,sequential}
model decays {
  dims B, T, D
  input x : f32[B, T, D]
  param a : f32[D]
  scan t over T {
    m[t] = max(m[t-1] - 0.1, x[t])
    h[t] = exp(-m[t]) * (0.5 * a * h[t-1] + x[t])
  }
  output h, m
}

model prefix {
  dims B, T, D
  input x : f32[B, T, D]
  output c = cumsum(x, T)
}
