# A diagonal SSM with ZOH coefficients from parameters (S4D): Abar and Bbar
# do not change along T; y sums the state over its last dim N.
model s4d_like {
  dims B, T, D, N
  input u      : f32[B, T, D]
  param log_dt : f32[D]
  param A_log  : f32[D, N]
  param Bp     : f32[D, N]
  param C      : f32[D, N]
  let A    = -exp(A_log)
  let Abar = exp(unsqueeze(exp(log_dt), -1) * A)
  let Bbar = (Abar - 1.0) / A * Bp
  let ue   = unsqueeze(u, -1)
  scan t over T {
    x[t] = Abar * x[t-1] + Bbar * ue[t]
  }
  output y = sum(C * x, N)
}
