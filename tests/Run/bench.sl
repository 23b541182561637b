# `sluice bench`: the median time per call and GB/s of unique bytes (x and
# alpha read once, m written once: 4 * (2*16*4 + 4 + 2*16*4) = 1040 bytes).
# RUN: sluice bench %s --random B=2,T=16,D=4 --repeat 3 --json | FileCheck %s --check-prefix=JSON
# JSON: {{^}}{"median_ms": {{[0-9.]+}}, "bytes": 1040, "gbps": {{[0-9.]+}}}{{$}}
# RUN: sluice bench %s --random B=2,T=16,D=4 --repeat 3 --target reference | FileCheck %s --check-prefix=TEXT
# TEXT: ema on reference: median {{[0-9.]+}} ms per call over 3 calls, 1040 unique bytes, {{[0-9.]+}} GB/s
# RUN: sluice bench %s --random B=2,T=16,D=4 --repeat 3 --no-fusion --scan-strategy chunked | FileCheck %s --check-prefix=TEXT-CPU
# TEXT-CPU: ema on cpu: median
# RUN: not sluice bench %s 2>&1 | FileCheck %s --check-prefix=NO-INPUTS
# NO-INPUTS: sluice: error: bench needs inputs: --random B=8,T=4096,... or --input NAME=FILE.npy
# RUN: not sluice bench %s --random B=2,T=16,D=4 --repeat 0 2>&1 | FileCheck %s --check-prefix=REPEAT
# REPEAT: sluice: error: --repeat must be >= 1 and --warmup >= 0
model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
