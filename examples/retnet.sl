# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: retnet.sl:50:3: remark: scan over 'S' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @retnet(
# PARSED-SAME: sl.name = "q"
# PARSED-SAME: sl.name = "k"
# PARSED-SAME: sl.name = "v"
# PARSED-SAME: sl.name = "gamma"
# PARSED-SAME: sl.name = "o"
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -4 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}retnet.sl":51:25)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["S"]}
# PARSED: sl.matmul
# PARSED: return
# NOLOOP-LABEL: func.func @retnet(
# NOLOOP-NOT: sl.loop
# The paper's Q_n S_n, a product with the scan's state, as the sum over K
# that sl-schedule fuses into the scan's kernel (sl-contract-states):
# NOLOOP-NOT: sl.matmul
# NOLOOP: sl.reduce sum {{.*}} axis 3
# NOLOOP: return
# RUN: sluice dump %s --stage plan | FileCheck %s --check-prefix=PLAN
# PLAN-NOT: temporary f32[B, T, H, K, V]
# PLAN: kernel sl_scan_reduce_0 items B*H
# Retention, recurrent form (Sun et al. 2023, "Retentive Network: A Successor
# to Transformer for Large Language Models", arXiv 2307.08621, eq. (6) and
# multi-scale retention, sec. 2.2):
#   S_n = gamma S_{n-1} + K_n^T V_n,   Retention(X_n) = Q_n S_n,
# with one decay per head, gamma_h = 1 - 2^(-5 - h). Q and K arrive already
# projected and rotated (the xPos factors e^{in theta} are applied before).
# S is [B, T, H, K, V].
model retnet {
  dims B, T, H, K, V
  input q : f32[B, T, H, K]
  input k : f32[B, T, H, K]
  input v : f32[B, T, H, V]
  param gamma : f32[H]               # in (0, 1)
  let g  = expand_dims(expand_dims(gamma, -1), -1)  # [H, 1, 1]
  let kv = expand_dims(k, -1) * expand_dims(v, 3)   # [B, T, H, K, V]
  scan t over T {
    S[t] = g * S[t-1] + kv[t]
  }
  output o = q @ S                                  # [B, T, H, V]: Q_n S_n
}
