# LinOSS-IM (Rusch & Rus 2025): a second-order recurrence whose coefficients
# come from per-channel parameters (T-invariant, changing along P).
model linoss_like {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}
