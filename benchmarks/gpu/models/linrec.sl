# The GPU benchmark's first-order recurrence: h = a*h + b along T, f32,
# a and b given per element (12 unique bytes per element).
model linrec {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
