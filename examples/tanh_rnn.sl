# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RECOGNIZED: tanh_rnn.sl:24:3: remark: scan stays sequential: 'tanh' at 24:26 makes 'h' non-linear
# RECOGNIZED: sl.loop
# PARSED-LABEL: func.func @tanh_rnn(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "w"
# PARSED-SAME: sl.name = "h"
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}tanh_rnn.sl":24:44)
# PARSED: sl.broadcast
# PARSED: math.tanh
# PARSED: {sl.state_names = ["h"]}
# PARSED: return
#
# Elman-style RNN with a diagonal recurrence (Elman 1990, "Finding Structure
# in Time"). Not a linear recurrence: runs sequentially over T, with a remark
# saying why.
model tanh_rnn {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  scan t over T { h[t] = tanh(w * h[t-1] + x[t]) }
  output h
}
