# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: selective_scan.sl:44:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @selective_scan(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "dt"
# PARSED-SAME: sl.name = "Bm"
# PARSED-SAME: sl.name = "C"
# PARSED-SAME: sl.name = "A"
# PARSED-SAME: sl.name = "y"
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -3 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}selective_scan.sl":44:26)
# PARSED: {sl.state_names = ["h"]}
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 3
# PARSED: return
# NOLOOP-LABEL: func.func @selective_scan(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Mamba-style selective scan (Gu & Dao 2023, "Mamba: Linear-Time Sequence
# Modeling with Selective State Spaces", arXiv 2312.00752, Algorithm 2):
# one state per (channel, state) pair
model selective_scan {
  dims B, T, D, N
  input x  : f32[B, T, D]
  input dt : f32[B, T, D]          # after softplus
  input Bm : f32[B, T, N]
  input C  : f32[B, T, N]
  param A  : f32[D, N]             # negative
  let dA  = exp(expand_dims(dt, -1) * A)                  # [B, T, D, N]
  let dBx = expand_dims(dt * x, -1) * expand_dims(Bm, 2)   # [B, T, D, N]
  scan t over T { h[t] = dA[t] * h[t-1] + dBx[t] }
  output y = sum(expand_dims(C, 2) * h, N)                 # [B, T, D]
}
