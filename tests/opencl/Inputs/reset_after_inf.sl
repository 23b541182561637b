# A linear scan with an absorbing zero (a reset makes the state x[t]
# whatever it was, even infinite), for OpenclCarryTreeTest.
model reset_after_inf {
  dims B, T, D
  input x    : f32[B, T, D]
  input done : f32[B, T, D]
  scan t over T {
    h[t] = where(done[t] > 0.5, x[t], 0.99 * h[t-1] + x[t])
  }
  output h
}
