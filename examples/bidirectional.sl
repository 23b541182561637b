# A bidirectional linear recurrence (Schuster & Paliwal 1997, "Bidirectional
# Recurrent Neural Networks"; the bidirectional SSM layers of Vision Mamba,
# Zhu et al. 2024, arXiv 2401.09417): a forward and a reverse scan of the same
# gated input, combined per step and projected.
model bidirectional {
  dims B, T, D
  input x  : f32[B, T, D]
  param Wf : f32[D, D]
  param Wb : f32[D, D]
  param lf : f32[D]
  param lb : f32[D]
  param Wo : f32[D, D]
  let af = sigmoid(lf)
  let ab = sigmoid(lb)
  let uf = (1.0 - af) * (x @ Wf)
  let ub = (1.0 - ab) * (x @ Wb)
  scan t over T {
    f[t] = af * f[t-1] + uf[t]
  }
  scan s over T reverse {
    g[s] = ab * g[s+1] + ub[s]
  }
  output y = (f + g) @ Wo, final_forward = last(f), final_backward = last(g)
}
