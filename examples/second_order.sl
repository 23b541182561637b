# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: second_order.sl:33:3: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @second_order(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "y0"
# PARSED-SAME: sl.name = "y1"
# PARSED-SAME: sl.name = "c1"
# PARSED-SAME: sl.name = "c2"
# PARSED-SAME: sl.name = "y"
# PARSED: sl.loop steps({{.*}}) axis -2 lags [2]
# PARSED: ^bb0({{.*}}loc("{{.*}}second_order.sl":36:40)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["y"]}
# PARSED: return
# NOLOOP-LABEL: func.func @second_order(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# A second-order linear recurrence (an IIR filter / AR(2) process, cf.
# Oppenheim & Schafer, "Discrete-Time Signal Processing", ch. 6):
# y[t] = c1 y[t-1] + c2 y[t-2] + x[t], with the two values before the first
# step given by inits.
model second_order {
  dims B, T, D
  input x  : f32[B, T, D]
  input y0 : f32[B, D]       # y at step -1
  input y1 : f32[B, D]       # y at step -2
  param c1 : f32[D]
  param c2 : f32[D]
  scan t over T {
    init y[-1] = y0
    init y[-2] = y1
    y[t] = c1 * y[t-1] + c2 * y[t-2] + x[t]
  }
  output y
}
