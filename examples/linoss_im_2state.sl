# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: linoss_im_2state.sl:39:3: remark: scan over 'z', 'y' became a parallel linear scan (state size 2, full 2x2 matrix, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @linoss_im_2state(
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
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1, 1]
# PARSED: ^bb0({{.*}}loc("{{.*}}linoss_im_2state.sl":40:49)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["z", "y"]}
# PARSED: return
# NOLOOP-LABEL: func.func @linoss_im_2state(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# LinOSS-IM (Rusch & Rus, "Oscillatory State-Space Models", ICLR 2025,
# arXiv 2410.03943): the same oscillator as a two-state system
# (z: velocity, y: position)
model linoss_im_2state {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T {
    z[t] = S * (z[t-1] - dt * A * y[t-1] + dt * bu[t])
    y[t] = y[t-1] + dt * z[t]
  }
  output y
}
