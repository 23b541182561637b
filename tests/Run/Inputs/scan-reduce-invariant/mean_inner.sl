# A mean over the last dim, with a T-invariant gate times a varying one.
model mean_inner {
  dims B, T, D, N
  input g : f32[B, T, D, N]
  input x : f32[B, T, D, N]
  param w : f32[D, N]
  let a = sigmoid(w) * sigmoid(g)
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  output y = mean(tanh(w) * h, N)
}
