# The EMA pair of ema_pair.sl run backwards over T, the shared input an
# element-wise producer (exp(x) computed once per step for both).
model ema_pair_reverse {
  dims B, T, D
  input x : f32[B, T, D]
  param fast : f32[D]
  param slow : f32[D]
  let a = sigmoid(fast)
  let b = sigmoid(slow)
  let e = exp(0.5 * x)
  scan t over T reverse {
    f[t] = (1.0 - a) * f[t+1] + a * e[t]
    s[t] = (1.0 - b) * s[t+1] + b * e[t]
  }
  output f, s
}
