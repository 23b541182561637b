# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: gla.sl:50:3: remark: scan over 'S' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @gla(
# PARSED-SAME: sl.name = "q"
# PARSED-SAME: sl.name = "k"
# PARSED-SAME: sl.name = "v"
# PARSED-SAME: sl.name = "ga"
# PARSED-SAME: sl.name = "o"
# PARSED: sl.softplus
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -4 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}gla.sl":51:12)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["S"]}
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 3
# PARSED: return
# NOLOOP-LABEL: func.func @gla(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Gated Linear Attention (Yang, Wang, Shen, Panda & Kim 2024, "Gated Linear
# Attention Transformers with Hardware-Efficient Training", arXiv 2312.06635,
# recurrent form of GLA and its gate, as published): a [K, V] memory per head with a
# data-dependent decay per key dimension
#   S_t = (alpha_t^T 1) * S_{t-1} + k_t^T v_t,   o_t = q_t S_t,
#   alpha_t = sigmoid(x_t W_a + b_a)^(1/tau),  tau = 16.
# The gate's pre-activation `ga` is an input (the low-rank projection is a
# matmul before the layer). S is [B, T, H, K, V]: every per-step tensor is
# brought to rank 5 so that T has the same position counted from the end.
model gla {
  dims B, T, H, K, V
  input q  : f32[B, T, H, K]
  input k  : f32[B, T, H, K]
  input v  : f32[B, T, H, V]
  input ga : f32[B, T, H, K]         # gate pre-activation
  let alpha = exp(logsigmoid(ga) / 16.0)            # sigmoid(ga)^(1/16)
  let ae = expand_dims(alpha, -1)                   # [B, T, H, K, 1]
  let kv = expand_dims(k, -1) * expand_dims(v, 3)   # [B, T, H, K, V]
  scan t over T {
    S[t] = ae[t] * S[t-1] + kv[t]
  }
  output o = sum(expand_dims(q, -1) * S, K)         # [B, T, H, V]
}
