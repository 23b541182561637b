# Damped-trend Holt with two forecasts read by no state (Gardner and
# McKenzie 1985): the level and trend are a 2-state scan, the forecasts
# element-wise from it shifted by one step, l0 and b0 at the first step.
model holt_forecasts {
  dims B, T
  input y : f32[B, T]
  input l0 : f32[B]
  input b0 : f32[B]
  param alpha : f32[B]
  param beta : f32[B]
  param phi : f32[B]
  let a = sigmoid(alpha)
  let c = sigmoid(beta)
  let p = 0.8 + 0.2 * sigmoid(phi)
  scan t over T {
    init l[-1] = l0
    init b[-1] = b0
    yhat[t] = l[t-1] + p * b[t-1]
    yhat2[t] = l[t-1] + (p + p * p) * b[t-1]
    l[t] = a * y[t] + (1.0 - a) * (l[t-1] + p * b[t-1])
    b[t] = c * (l[t] - l[t-1]) + (1.0 - c) * p * b[t-1]
  }
  output yhat, yhat2, l, b
}
