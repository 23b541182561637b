# The GPU benchmark's cumsum along T, f32: 8 unique bytes per element.
model cumsum {
  dims B, T, D
  input x : f32[B, T, D]
  output y = cumsum(x, T)
}
