# A reverse scan with the mean over K and a tanh(q) epilogue part: the gate
# and tanh(q) are row parts (scan_row), computed per step in the row order.
model rev_mean {
  dims B, T, H, K, V
  input q  : f32[B, T, H, K]
  input k  : f32[B, T, H, K]
  input v  : f32[B, T, H, V]
  input ga : f32[B, T, H, K]
  let alpha = expand_dims(exp(logsigmoid(ga) / 16.0), -1)
  let kv = expand_dims(k, -1) * expand_dims(v, 3)
  scan t over T reverse { S[t] = alpha[t] * S[t+1] + kv[t] }
  output o = mean(expand_dims(tanh(q), -1) * S, K)
}
