model good {
  dims B, T
  input x : f32[B, T]
  scan t over T { m[t] = 0.5 * m[t-1] + x[t] }
  output m
}
model broken {
  dims B, T
  input x : f32[B, T]
  scan t over T { y[t] = zz[t] }
  output y
}
