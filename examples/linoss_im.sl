# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @linoss_im(
# PARSED: loc("{{.*}}linoss_im.sl":
# RECOGNIZED: linoss_im.sl:19:3: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients)
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED-DAG: sl.scan linear
# NOLOOP-NOT: sl.loop
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
