# Time the last dim: no pair of channels is a word, so no pair walk is
# printed and the walk-pairs mode runs the plain walk.
model pair_time_last {
  dims B, D, T
  input a : bf16[B, D, T]
  input b : bf16[B, D, T]
  scan t over T {
    h[t] = a[t] * h[t-1] + b[t]
  }
  output h
}
