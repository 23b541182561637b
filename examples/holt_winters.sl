# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RECOGNIZED: holt_winters.sl:65:3: remark: scan stays sequential: 'l', 'b', 's' would need a 14-state scan; parallel scans take at most 3 states
# RECOGNIZED: sl.loop
# PARSED-LABEL: func.func @holt_winters(
# PARSED-SAME: sl.name = "y"
# PARSED-SAME: sl.name = "l0"
# PARSED-SAME: sl.name = "b0"
# PARSED-SAME: sl.name = "s0"
# PARSED-SAME: sl.name = "alpha"
# PARSED-SAME: sl.name = "beta"
# PARSED-SAME: sl.name = "gamma"
# PARSED-SAME: sl.name = "yhat"
# PARSED-SAME: sl.name = "l"
# PARSED-SAME: sl.name = "b"
# PARSED-SAME: sl.name = "s"
# PARSED: sl.shift {{.*}} axis 1 by -11
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -10
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -9
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -8
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -7
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -6
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -5
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -4
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -3
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -2
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.shift {{.*}} axis 1 by -1
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: sl.loop steps({{.*}}) axis -1 lags [0, 1, 1, 12]
# PARSED: ^bb0({{.*}}loc("{{.*}}holt_winters.sl":70:21)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["yhat", "l", "b", "s"]}
# PARSED: return
# Additive Holt-Winters exponential smoothing (Hyndman & Athanasopoulos,
# "Forecasting: Principles and Practice", 3rd ed., sec. 8.3), period m = 12:
#   yhat_t = l_{t-1} + b_{t-1} + s_{t-m}              (one-step forecast)
#   l_t = alpha (y_t - s_{t-m}) + (1 - alpha)(l_{t-1} + b_{t-1})
#   b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}
#   s_t = gamma (y_t - l_{t-1} - b_{t-1}) + (1 - gamma) s_{t-m}
# for B series at once. The 12 seasonal values before the first step come in
# one tensor: `init s[-12:] = s0` takes s0[.., j] as s[-(12 - j)] (time order:
# s0[.., 0] is s[-12], the oldest, s0[.., 11] is s[-1]).
model holt_winters {
  dims B, T
  input y     : f32[B, T]
  input l0    : f32[B]           # level before the first step
  input b0    : f32[B]           # trend before the first step
  input s0    : f32[B, 12]       # the 12 seasonal values before the first step
  param alpha : f32[B]
  param beta  : f32[B]
  param gamma : f32[B]
  scan t over T {
    init l[-1] = l0
    init b[-1] = b0
    init s[-12:] = s0
    yhat[t] = l[t-1] + b[t-1] + s[t-12]
    l[t] = alpha * (y[t] - s[t-12]) + (1.0 - alpha) * (l[t-1] + b[t-1])
    b[t] = beta * (l[t] - l[t-1]) + (1.0 - beta) * b[t-1]
    s[t] = gamma * (y[t] - l[t-1] - b[t-1]) + (1.0 - gamma) * s[t-12]
  }
  output yhat, l, b, s
}

# The 12 seasonal inits (columns of s0) are stored by one kernel:
# RUN: sluice dump %s --stage plan | FileCheck %s --check-prefix=PLAN
# PLAN: kernel sl_last_0 items 1 buffers (%3, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18)
# PLAN-NEXT: kernel sl_loop_rows_1 items B
# PLAN-NOT: kernel
