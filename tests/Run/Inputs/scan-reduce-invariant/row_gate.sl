# GLA's gate as published, alpha = sigmoid(g)^(1/16) per (t, head, key):
# it changes along T but not along V, so the fused kernel computes it for
# the K rows of each step in a loop of its own (`scan_row`). The forcing
# is chosen per (t, key) by a comparison of the gate's input: a boolean
# part, which stays in the row loop (only float parts are kept).
model row_gate {
  dims B, T, H, K, V
  input q  : f32[B, T, H, K]
  input k  : f32[B, T, H, K]
  input v  : f32[B, T, H, V]
  input ga : f32[B, T, H, K]
  let alpha = expand_dims(exp(logsigmoid(ga) / 16.0), -1)
  let kv = expand_dims(k, -1) * expand_dims(v, 3)
  let gate = expand_dims(ga, -1)
  scan t over T { S[t] = alpha[t] * S[t-1] + where(gate[t] > 0.0, kv[t], 0.5 * kv[t]) }
  output o = sum(expand_dims(q, -1) * S, K)
}
