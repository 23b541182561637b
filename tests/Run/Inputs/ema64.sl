# The ema model in float64 (used by ../ema.sl).
model ema {
  dims B, T, D
  input x : f64[B, T, D]
  param alpha : f64[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
