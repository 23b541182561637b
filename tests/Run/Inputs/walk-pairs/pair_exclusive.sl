# An exclusive bf16 cumulative sum: the state before each step is stored.
model pair_exclusive {
  dims B, T, D
  input x : bf16[B, T, D]
  output s = cumsum(x, T, exclusive=true)
}
