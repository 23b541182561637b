# Row parts under a shift along T (alpha[t-1]) and in the forcing and the
# epilogue (k * sigmoid(ga), exp(q) * g): each must be read at its own step.
model shifted_rows {
  dims B, T, H, K, V
  input q  : f32[B, T, H, K]
  input k  : f32[B, T, H, K]
  input v  : f32[B, T, H, V]
  input ga : f32[B, T, H, K]
  let g = exp(logsigmoid(ga) / 16.0)
  let alpha = expand_dims(g, -1)
  let kv = expand_dims(k * sigmoid(ga), -1) * expand_dims(v, 3)
  scan t over T { S[t] = alpha[t-1] * S[t-1] + kv[t] }
  output o = sum(expand_dims(exp(q) * g, -1) * S, K)
}
