# A damped oscillator (state size 2) on bf16 arguments: the position is an
# output rounded to bf16 by the scan itself; the velocity is read by one
# more operation before it is rounded (its scan result keeps f32).
model bf16_second_order {
  dims B, T, D
  input u : bf16[B, T, D]
  param w : bf16[D]
  scan t over T {
    x[t] = x[t-1] + 0.1 * v[t-1]
    v[t] = v[t-1] - 0.1 * w * x[t-1] + u[t]
  }
  output x
  output vv = v * 2.0
}
