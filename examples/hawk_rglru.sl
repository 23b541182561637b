# Hawk / Griffin RG-LRU (De et al. 2024, "Griffin: Mixing Gated Linear
# Recurrences with Local Attention for Efficient Language Models",
# arXiv 2402.19427, sec. 2.4)
model hawk_rglru {
  dims B, T, D
  input x   : f32[B, T, D]
  param Wa  : f32[D, D]
  param ba  : f32[D]
  param Wx  : f32[D, D]
  param bx  : f32[D]
  param lam : f32[D]

  let r    = sigmoid(x @ Wa + ba)
  let i    = sigmoid(x @ Wx + bx)
  let loga = -8.0 * r * softplus(-lam)
  let u    = sqrt(1.0 - exp(2.0 * loga)) * (i * x)

  scan t over T {
    h[t] = exp(loga[t]) * h[t-1] + u[t]
  }
  output h
}
