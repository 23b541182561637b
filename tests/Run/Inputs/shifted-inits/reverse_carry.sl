# Reverse: a state carried with a param init, read at t+1 by a non-linear
# state and by a value read by no state.
model reverse_carry {
  dims B, T, D
  input x : f32[B, T, D]
  param h0 : f32[D]
  scan t over T reverse {
    init h[-1] = h0
    h[t] = 0.5 * h[t+1] + x[t]
    g[t] = h[t+1] - x[t]
    z[t] = tanh(h[t+1] * z[t+1] + x[t])
  }
  output g, z
}
