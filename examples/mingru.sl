# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: mingru.sl:41:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @mingru(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "Wz"
# PARSED-SAME: sl.name = "bz"
# PARSED-SAME: sl.name = "Wh"
# PARSED-SAME: sl.name = "bh"
# PARSED-SAME: sl.name = "h"
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.sigmoid
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}mingru.sl":42:19)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["h"]}
# PARSED: return
# NOLOOP-LABEL: func.func @mingru(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# minGRU (Feng, Tung, Ahmed, Bengio & Hajimirsadeghi 2024, "Were RNNs All We
# Needed?", arXiv 2410.01201, sec. 3.1): the gate and the candidate depend on
# the input only, so the recurrence is linear in h:
#   z_t = sigmoid(Linear_z(x_t)),  h~_t = Linear_h(x_t),
#   h_t = (1 - z_t) * h_{t-1} + z_t * h~_t.
model mingru {
  dims B, T, D
  input x  : f32[B, T, D]
  param Wz : f32[D, D]
  param bz : f32[D]
  param Wh : f32[D, D]
  param bh : f32[D]
  let z  = sigmoid(x @ Wz + bz)
  let hc = x @ Wh + bh
  scan t over T {
    h[t] = (1.0 - z[t]) * h[t-1] + z[t] * hc[t]
  }
  output h
}
