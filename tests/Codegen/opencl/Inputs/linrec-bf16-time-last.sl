# h = a*h + b in bf16 with T the last dim (walk-bf16-pairs.sl: no pairs).
model linrec_time_last {
  dims B, D, T
  input a : bf16[B, D, T]
  input b : bf16[B, D, T]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
