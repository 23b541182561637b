# A reverse exclusive running sum in f16 (the state in f32), and the same
# sum kept in f32 for a second output: one scan result narrowed, one not.
model f16_reverse_cumsum {
  dims B, T, D
  input x : f16[B, T, D]
  output s = cumsum(x, T, reverse = true, exclusive = true)
  output m = cummax(x, T)
}
