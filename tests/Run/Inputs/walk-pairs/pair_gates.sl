# bf16 gates the pair walk reads as words of two channels at each step
# (x, g: D last); what is constant along T (lam, an f32 bias, a scalar)
# each lane reads once a block.
model pair_gates {
  dims B, T, D
  input x : bf16[B, T, D]
  input g : bf16[B, T, D]
  param lam : bf16[D]
  param bias : f32[D]
  param scale : bf16
  let a = sigmoid(g + bias) * sigmoid(lam)
  scan t over T {
    h[t] = a[t] * h[t-1] + scale * (1.0 - a[t]) * x[t]
  }
  output h
}
