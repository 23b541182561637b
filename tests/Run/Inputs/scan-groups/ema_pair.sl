# Two EMAs of the same input at different rates (a fast and a slow one, as
# in a MACD): one kernel reads x once per step for both.
model ema_pair {
  dims B, T, D
  input x : f32[B, T, D]
  param fast : f32[D]
  param slow : f32[D]
  let a = sigmoid(fast)
  let b = sigmoid(slow)
  scan t over T {
    f[t] = (1.0 - a) * f[t-1] + a * x[t]
    s[t] = (1.0 - b) * s[t-1] + b * x[t]
  }
  output f, s, macd = f - s
}
