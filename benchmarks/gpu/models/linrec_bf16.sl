# The GPU benchmark's first-order recurrence in bf16 storage (f32 math,
# h rounded to bf16 once): 6 unique bytes per element.
model linrec_bf16 {
  dims B, T, D
  input a : bf16[B, T, D]
  input b : bf16[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
