# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @tanh_rnn(
# PARSED: loc("{{.*}}tanh_rnn.sl":
# RECOGNIZED: tanh_rnn.sl:15:3: remark: scan stays sequential: 'tanh' at 15:26 makes 'h' non-linear
# RECOGNIZED: sl.loop
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
