# Exponential moving average over time, one state per channel
# (the textbook first-order linear recurrence m_t = (1 - a) m_{t-1} + a x_t).
model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
