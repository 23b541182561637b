# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: mamba2_ssd.sl:58:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @mamba2_ssd(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "dt"
# PARSED-SAME: sl.name = "Bm"
# PARSED-SAME: sl.name = "C"
# PARSED-SAME: sl.name = "A"
# PARSED-SAME: sl.name = "Dskip"
# PARSED-SAME: sl.name = "y"
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -4 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}mamba2_ssd.sl":59:12)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["h"]}
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 4
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: return
# NOLOOP-LABEL: func.func @mamba2_ssd(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Mamba-2's state-space dual layer, recurrent form (Dao & Gu 2024,
# "Transformers are SSMs: Generalized Models and Efficient Algorithms Through
# Structured State Space Duality", arXiv 2405.21060, eq. (1) with the
# scalar-times-identity A of sec. 3 and the Mamba-2 block of sec. 7):
#   h_t = exp(dt_t A) h_{t-1} + dt_t x_t B_t^T,   y_t = h_t C_t + D x_t,
# per head: a [P, N] state, one decay per head and step, B and C shared by
# the heads (one group). h is [B, T, H, P, N].
model mamba2_ssd {
  dims B, T, H, P, N
  input x  : f32[B, T, H, P]
  input dt : f32[B, T, H]            # after softplus
  input Bm : f32[B, T, N]
  input C  : f32[B, T, N]
  param A  : f32[H]                  # negative
  param Dskip : f32[H]
  let a   = expand_dims(expand_dims(exp(dt * A), -1), -1)          # [B, T, H, 1, 1]
  let dBx = expand_dims(expand_dims(dt, -1) * x, -1) *
            expand_dims(expand_dims(Bm, 2), 2)                     # [B, T, H, P, N]
  scan t over T {
    h[t] = a[t] * h[t-1] + dBx[t]
  }
  output y = sum(h * expand_dims(expand_dims(C, 2), 2), N) +
             expand_dims(Dskip, -1) * x                            # [B, T, H, P]
}
