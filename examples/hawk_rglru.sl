# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: hawk_rglru.sl:53:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @hawk_rglru(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "Wa"
# PARSED-SAME: sl.name = "ba"
# PARSED-SAME: sl.name = "Wx"
# PARSED-SAME: sl.name = "bx"
# PARSED-SAME: sl.name = "lam"
# PARSED-SAME: sl.name = "h"
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.sigmoid
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.sigmoid
# PARSED: sl.broadcast
# PARSED: sl.softplus
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: math.sqrt
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}hawk_rglru.sl":54:16)
# PARSED: math.exp
# PARSED: {sl.state_names = ["h"]}
# PARSED: return
# NOLOOP-LABEL: func.func @hawk_rglru(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Hawk / Griffin RG-LRU (De et al. 2024, "Griffin: Mixing Gated Linear
# Recurrences with Local Attention for Efficient Language Models",
# arXiv 2402.19427, sec. 2.4)
model hawk_rglru {
  dims B, T, D
  input x   : f32[B, T, D]
  param Wa  : f32[D, D]
  param ba  : f32[D]
  param Wx  : f32[D, D]
  param bx  : f32[D]
  param lam : f32[D]

  let r    = sigmoid(x @ Wa + ba)
  let i    = sigmoid(x @ Wx + bx)
  let loga = -8.0 * r * softplus(-lam)
  let u    = sqrt(1.0 - exp(2.0 * loga)) * (i * x)

  scan t over T {
    h[t] = exp(loga[t]) * h[t-1] + u[t]
  }
  output h
}
