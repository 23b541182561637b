# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RECOGNIZED: gated_delta.sl:61:3: remark: scan stays sequential: 'sum' at 63:14 couples the channels of 'S' (linear, but a parallel scan would combine dense matrices)
# RECOGNIZED: sl.loop
# PARSED-LABEL: func.func @gated_delta(
# PARSED-SAME: sl.name = "q"
# PARSED-SAME: sl.name = "k"
# PARSED-SAME: sl.name = "v"
# PARSED-SAME: sl.name = "alpha"
# PARSED-SAME: sl.name = "beta"
# PARSED-SAME: sl.name = "o"
# PARSED: sl.reduce sum {{.*}} axis 3 keepdims
# PARSED: sl.broadcast
# PARSED: math.rsqrt
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -4 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}gated_delta.sl":63:27)
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 3 keepdims
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["S"]}
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 4
# PARSED: return
#
# Gated DeltaNet (Yang, Kautz & Hatamizadeh 2024, "Gated Delta Networks:
# Improving Mamba2 with Delta Rule", arXiv 2412.06464, eq. 10): a matrix-valued
# memory per head, updated by the gated delta rule
#   S_t = alpha_t S_{t-1} (I - beta_t k_t k_t^T) + beta_t v_t k_t^T,
#   o_t = S_t q_t.
# S is [B, T, H, V, K]. Every per-step tensor is first brought to the same
# rank, so that T has the same position counted from the end in all of them.
# The update reads S through the product S k, so it is not an element-wise
# linear recurrence: it runs sequentially over T and in parallel over the rest.
model gated_delta {
  dims B, T, H, K, V
  input q     : f32[B, T, H, K]
  input k     : f32[B, T, H, K]
  input v     : f32[B, T, H, V]
  input alpha : f32[B, T, H]         # decay gate in (0, 1)
  input beta  : f32[B, T, H]         # writing strength in (0, 1)
  let kn = k * rsqrt(sum(k * k, K, keepdims=true) + 1e-6)   # L2-normalised
  let ke = expand_dims(kn, 3)                               # [B, T, H, 1, K]
  let ve = expand_dims(v, -1)                               # [B, T, H, V, 1]
  let ae = expand_dims(expand_dims(alpha, -1), -1)          # [B, T, H, 1, 1]
  let be = expand_dims(expand_dims(beta, -1), -1)           # [B, T, H, 1, 1]
  scan t over T {
    # what the memory returns for the key k_t: S k_t          [B, H, V, 1]
    let Sk = sum(S[t-1] * ke[t], K, keepdims=true)
    # the delta rule: move the value stored under k_t towards v_t by beta_t
    S[t] = ae[t] * (S[t-1] - be[t] * Sk * ke[t]) + be[t] * ve[t] * ke[t]
  }
  output o = sum(S * expand_dims(q, 3), K)                  # [B, T, H, V]
}
