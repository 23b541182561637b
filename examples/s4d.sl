# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: s4d.sl:60:3: remark: scan over 'x' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @s4d(
# PARSED-SAME: sl.name = "u"
# PARSED-SAME: sl.name = "log_dt"
# PARSED-SAME: sl.name = "A_log"
# PARSED-SAME: sl.name = "Bp"
# PARSED-SAME: sl.name = "C"
# PARSED-SAME: sl.name = "Dp"
# PARSED-SAME: sl.name = "y"
# PARSED: math.exp
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -3 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}s4d.sl":61:35)
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["x"]}
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 3
# PARSED: sl.broadcast
# PARSED: return
# NOLOOP-LABEL: func.func @s4d(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# S4D, a diagonal state space layer (Gu, Gupta, Goel, Re 2022, "On the
# Parameterization and Initialization of Diagonal State Space Models",
# arXiv 2206.11893, sec. 3), real diagonal A, zero-order-hold discretisation:
#   x'(t) = A x(t) + B u(t),  y(t) = C x(t) + D u(t)
#   Abar = exp(dt A),  Bbar = (Abar - 1) / A * B
#   x_k = Abar x_{k-1} + Bbar u_k,  y_k = sum_n C_n x_k,n + D u_k
# Each of the D channels has its own N-dim diagonal state.
#
# The state x is [B, T, D, N]. A state's scan dim goes where it has as many
# dims after it as the tensors its block reads at [t]; `u` is [B, T, D] (one
# dim after T), so `x[t] = Abar * x[t-1] + Bbar * expand_dims(u[t], -1)`
# would make x [B, D, T, N]. Reading `ue` = [B, T, D, 1] (two dims after T)
# puts T where the output line needs it.
model s4d {
  dims B, T, D, N
  input u      : f32[B, T, D]
  param log_dt : f32[D]          # step size dt = exp(log_dt), per channel
  param A_log  : f32[D, N]       # A = -exp(A_log) < 0: a stable real diagonal
  param Bp     : f32[D, N]
  param C      : f32[D, N]
  param Dp     : f32[D]          # the skip connection
  let A    = -exp(A_log)
  let Abar = exp(unsqueeze(exp(log_dt), -1) * A)           # [D, N]
  let Bbar = (Abar - 1.0) / A * Bp                         # ZOH
  let ue   = unsqueeze(u, -1)                              # [B, T, D, 1]
  scan t over T {
    x[t] = Abar * x[t-1] + Bbar * ue[t]
  }
  output y = sum(C * x, N) + Dp * u                        # [B, T, D]
}
