# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: reverse_ema.sl:31:3: remark: scan over 'm' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @reverse_ema(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "alpha"
# PARSED-SAME: sl.name = "m"
# PARSED: sl.sigmoid
# PARSED: sl.broadcast
# PARSED: sl.loop
# PARSED: ^bb0({{.*}}loc("{{.*}}reverse_ema.sl":32:37)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["m"]}
# PARSED: return
# NOLOOP-LABEL: func.func @reverse_ema(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# An exponential moving average run backwards in time (a reverse scan): each
# step summarises the future of the sequence, as the backward half of a
# bidirectional RNN does (Schuster & Paliwal 1997, "Bidirectional Recurrent
# Neural Networks").
model reverse_ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  let a = sigmoid(alpha)
  scan t over T reverse {
    m[t] = (1.0 - a) * m[t+1] + a * x[t]
  }
  output m
}
