# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @ema(
# PARSED: loc("{{.*}}ema.sl":
# RECOGNIZED: ema.sl:15:3: remark: scan over 'm' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED-DAG: sl.scan linear
# NOLOOP-NOT: sl.loop
# Exponential moving average over time, one state per channel
# (the textbook first-order linear recurrence m_t = (1 - a) m_{t-1} + a x_t).
model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
