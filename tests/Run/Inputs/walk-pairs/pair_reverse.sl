# A reverse bf16 scan: the pair walk's words read from the end of T.
model pair_reverse {
  dims B, T, D
  input a : bf16[B, T, D]
  input b : bf16[B, T, D]
  scan t over T reverse {
    h[t] = a[t] * h[t+1] + b[t]
  }
  output h
}
