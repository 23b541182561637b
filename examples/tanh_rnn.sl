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
