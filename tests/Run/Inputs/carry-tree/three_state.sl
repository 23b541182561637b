# Three coupled states (a 3-state linear scan), for opencl-carry-tree.sl.
model three_state {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    a[t] = 0.5 * a[t-1] + 0.1 * c[t-1] + x[t]
    b[t] = 0.3 * a[t-1] + 0.4 * b[t-1]
    c[t] = 0.2 * b[t-1] + 0.6 * c[t-1] + 0.5 * x[t]
  }
  output a, b, c
}
