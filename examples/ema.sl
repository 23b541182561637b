# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: ema.sl:27:3: remark: scan over 'm' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @ema(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "alpha"
# PARSED-SAME: sl.name = "m"
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}ema.sl":27:59)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["m"]}
# PARSED: return
# NOLOOP-LABEL: func.func @ema(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Exponential moving average over time, one state per channel
# (the textbook first-order linear recurrence m_t = (1 - a) m_{t-1} + a x_t).
model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
