# The online softmax (Milakov and Gimelshein 2018, "Online normalizer
# calculation for softmax", arXiv 1805.02867, Algorithm 3), as the
# running softmax-weighted mean of v over the steps so far (the
# normaliser flash attention keeps per query): with the running maximum
# m, the normaliser l = sum_i exp(s_i - m) and the mean o,
#   m[t] = max(m[t-1], s[t])
#   l[t] = exp(m[t-1] - m[t]) l[t-1] + exp(s[t] - m[t])
#   o[t] = (exp(m[t-1] - m[t]) l[t-1] o[t-1] + exp(s[t] - m[t]) v[t]) / l[t]
# Its two exps are a stabilised pair (sl-share-stabilized-exps shares
# them); m starts at -inf, so the first step's exp(m[t-1] - m[t]) is
# exp(-inf) = 0.
model online_softmax {
  dims B, T, D
  input s : f32[B, T, D]
  input v : f32[B, T, D]
  scan t over T {
    init m[-1] = -inf
    m[t] = max(m[t-1], s[t])
    let a = exp(m[t-1] - m[t])
    let w = exp(s[t] - m[t])
    l[t] = a * l[t-1] + w
    o[t] = (a * l[t-1] * o[t-1] + w * v[t]) / l[t]
  }
  output o
}
