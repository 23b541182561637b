# h = a*h + b on bf16 arguments, the state in f32, h rounded to bf16 once.
model bf16_linrec {
  dims B, T, D
  input a : bf16[B, T, D]
  input b : bf16[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
