# Scans reading another scan's state through a non-linear function (so
# recognition keeps them apart): forwards, the second reads the first at t
# and at t-1; backwards, at t and at t+1 (an earlier step of the reverse
# walk).
model chained {
  dims B, T, D
  input x : f32[B, T, D]
  param rate : f32[D]
  let a = sigmoid(rate)
  scan t over T {
    m1[t] = (1.0 - a) * m1[t-1] + a * x[t]
    m2[t] = (1.0 - a) * m2[t-1] + a * tanh(m1[t]) + 0.1 * tanh(m1[t-1])
  }
  scan t over T reverse {
    r[t] = 0.9 * r[t+1] + x[t]
    q[t] = 0.5 * q[t+1] + tanh(r[t+1]) * x[t] + exp(-abs(r[t]))
  }
  output m1, m2, q
}
