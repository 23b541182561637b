# LinOSS-IM (Rusch & Rus, "Oscillatory State-Space Models", ICLR 2025,
# arXiv 2410.03943) written as a second-order recurrence
model linoss_im {
  dims B, T, P
  input bu : f32[B, T, P]          # B u_t, already projected
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}
