# LinOSS-IM (Rusch & Rus, "Oscillatory State-Space Models", ICLR 2025,
# arXiv 2410.03943): the same oscillator as a two-state system
# (z: velocity, y: position)
model linoss_im_2state {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T {
    z[t] = S * (z[t-1] - dt * A * y[t-1] + dt * bu[t])
    y[t] = y[t-1] + dt * z[t]
  }
  output y
}
