# Exclusive prefixes of one input, forward and reverse: the forward ones
# (sum, max, product of a gate) share a kernel, the reverse ones another.
model exclusive_prefixes {
  dims B, T, D
  input x : f32[B, T, D]
  let g = sigmoid(x)
  output before = cumsum(x, T, exclusive=true),
         max_before = cummax(x, T, exclusive=true),
         decay_before = cumprod(g, T, exclusive=true),
         after = cumsum(x, T, reverse=true, exclusive=true),
         lse_after = logcumsumexp(x, T, reverse=true, exclusive=true)
}
