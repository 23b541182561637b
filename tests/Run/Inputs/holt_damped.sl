# Damped-trend Holt linear method (Gardner & McKenzie 1985)
#   l_t = alpha y_t + (1 - alpha)(l_{t-1} + phi b_{t-1})
#   b_t = beta (l_t - l_{t-1}) + (1 - beta) phi b_{t-1}
#   yhat_{t+1} = l_t + phi b_t
model holt_damped {
  dims B, T
  input y : f32[B, T]
  input l0 : f32[B]
  input b0 : f32[B]
  param alpha : f32[B]
  param beta : f32[B]
  param phi : f32[B]
  scan t over T {
    init l[-1] = l0
    init b[-1] = b0
    l[t] = alpha * y[t] + (1.0 - alpha) * (l[t-1] + phi * b[t-1])
    b[t] = beta * (l[t] - l[t-1]) + (1.0 - beta) * phi * b[t-1]
  }
  output fc = l + expand_dims(phi, -1) * b, l, b
}
