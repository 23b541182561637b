# Shifts along T (a row dim of the element-wise kernel), along the last dim
# (its loop dim), both ways, nested, and by more than the size.
model lags {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f32[B, T, D]
  output a = shift(x, T, 1) + 2.0 * shift(exp(y), T, -3)
  output b = shift(shift(x, D, 1), T, 2) - shift(y, D, -1)
  output c = shift(x, T, 100000) + shift(tanh(y), D, 0)
}
