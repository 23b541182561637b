# A second-order recurrence with two different inits (inputs) and a value
# read by no state that reads both lags: f takes y shifted by one and by
# two steps, y1 and y0 selected at the first steps.
model order2_forecast {
  dims B, T, D
  input x : f32[B, T, D]
  input y0 : f32[B, D]
  input y1 : f32[B, D]
  scan t over T {
    init y[-1] = y0
    init y[-2] = y1
    f[t] = y[t-1] - 0.5 * y[t-2]
    y[t] = 1.2 * y[t-1] - 0.36 * y[t-2] + x[t]
  }
  output y, f
}
