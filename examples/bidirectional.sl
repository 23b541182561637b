# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: bidirectional.sl:58:3: remark: scan over 'f' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED: bidirectional.sl:61:3: remark: scan over 'g' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @bidirectional(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "Wf"
# PARSED-SAME: sl.name = "Wb"
# PARSED-SAME: sl.name = "lf"
# PARSED-SAME: sl.name = "lb"
# PARSED-SAME: sl.name = "Wo"
# PARSED-SAME: sl.name = "y"
# PARSED-SAME: sl.name = "final_forward"
# PARSED-SAME: sl.name = "final_backward"
# PARSED: sl.sigmoid
# PARSED: sl.sigmoid
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.matmul
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}bidirectional.sl":59:26)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["f"]}
# PARSED: sl.broadcast
# PARSED: sl.loop
# PARSED: ^bb0({{.*}}loc("{{.*}}bidirectional.sl":62:26)
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["g"]}
# PARSED: sl.matmul
# PARSED: sl.last {{.*}} axis 1
# PARSED: sl.last {{.*}} axis 1 reverse
# PARSED: return
# NOLOOP-LABEL: func.func @bidirectional(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# A bidirectional linear recurrence (Schuster & Paliwal 1997, "Bidirectional
# Recurrent Neural Networks"; the bidirectional SSM layers of Vision Mamba,
# Zhu et al. 2024, arXiv 2401.09417): a forward and a reverse scan of the same
# gated input, combined per step and projected.
model bidirectional {
  dims B, T, D
  input x  : f32[B, T, D]
  param Wf : f32[D, D]
  param Wb : f32[D, D]
  param lf : f32[D]
  param lb : f32[D]
  param Wo : f32[D, D]
  let af = sigmoid(lf)
  let ab = sigmoid(lb)
  let uf = (1.0 - af) * (x @ Wf)
  let ub = (1.0 - ab) * (x @ Wb)
  scan t over T {
    f[t] = af * f[t-1] + uf[t]
  }
  scan s over T reverse {
    g[s] = ab * g[s+1] + ub[s]
  }
  output y = (f + g) @ Wo, final_forward = last(f), final_backward = last(g)
}
