# GLA with a per-(head, K) decay from a parameter: the state [B,T,H,K,V] is
# reduced over K (not the last dim); the decay is T-invariant.
model gated_group {
  dims B, T, H, K, V
  input q : f32[B, T, H, K]
  input k : f32[B, T, H, K]
  input v : f32[B, T, H, V]
  param w : f32[H, K]
  let a  = expand_dims(exp(-exp(w)), -1)
  let kv = expand_dims(k, -1) * expand_dims(v, 3)
  scan t over T { S[t] = a * S[t-1] + kv[t] }
  output o = sum(expand_dims(q, -1) * S, K)
}
