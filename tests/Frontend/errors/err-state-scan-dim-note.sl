# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-scan-dim-note.sl:18:20: error: cannot broadcast [D, N] with [B, D, T, N]: dim D vs T
# CHECK-NEXT: {{^}}  output y = sum(C * x, N)
# CHECK-NEXT: {{^}}                   ^
# CHECK: err-state-scan-dim-note.sl:16:5: note: state 'x' is [B, D, T, N] because of where its scan dim goes: one step of x is [B, D, N], and T is put where it has as many dims after it as in the tensors the block reads at [t] (1, as in 'u' [B, T, D]); for more dims after T, read at [t] a tensor with that many after T (e.g. let ue = expand_dims(u, -1), then ue[t])
# CHECK-NEXT: {{^}}    x[t] = Abar * x[t-1] + Bbar * expand_dims(u[t], -1)
# CHECK-NEXT: {{^}}    ^
# The S4D mistake: u[t] is [B, D] with one dim after T, so x is [B, D, T, N].
model s4d {
  dims B, T, D, N
  input u : f32[B, T, D]
  param Abar : f32[D, N]
  param Bbar : f32[D, N]
  param C    : f32[D, N]
  scan t over T {
    x[t] = Abar * x[t-1] + Bbar * expand_dims(u[t], -1)
  }
  output y = sum(C * x, N)
}
