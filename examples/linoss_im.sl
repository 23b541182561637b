# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: linoss_im.sl:37:3: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @linoss_im(
# PARSED-SAME: sl.name = "bu"
# PARSED-SAME: sl.name = "Ahat"
# PARSED-SAME: sl.name = "s"
# PARSED-SAME: sl.name = "y"
# PARSED: sl.broadcast
# PARSED: sl.sigmoid
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [2]
# PARSED: ^bb0({{.*}}loc("{{.*}}linoss_im.sl":37:65)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["y"]}
# PARSED: return
# NOLOOP-LABEL: func.func @linoss_im(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# LinOSS-IM (Rusch & Rus, "Oscillatory State-Space Models", ICLR 2025,
# arXiv 2410.03943) written as a second-order recurrence
model linoss_im {
  dims B, T, P
  input bu : f32[B, T, P]          # B u_t, already projected
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}
