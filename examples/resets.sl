# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: resets.sl:49:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED: resets.sl:52:3: remark: scan over 'ret' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @episodic(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "done"
# PARSED-SAME: sl.name = "reward"
# PARSED-SAME: sl.name = "h"
# PARSED-SAME: sl.name = "ret"
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: arith.cmpf ogt
# PARSED: arith.select
# PARSED: {sl.state_names = ["h"]}
# PARSED: sl.loop steps({{.*}}) axis -1 reverse lags [1]
# PARSED: arith.cmpf ogt
# PARSED: arith.select
# PARSED: {sl.state_names = ["ret"]}
# NOLOOP-LABEL: func.func @episodic(
# NOLOOP-NOT: sl.loop
# NOLOOP: arith.select
# NOLOOP: sl.scan linear steps({{.*}}) axis -2 absorbing_zero
# NOLOOP: sl.scan linear steps({{.*}}) axis -1 reverse absorbing_zero
# NOLOOP: return
# A batch of concatenated episodes, as an RL agent sees it: done[b, t] is 1
# at the first step of a new episode. Two recurrences start afresh there:
# - h: a gated linear recurrent unit (Hawk's RG-LRU, arXiv 2402.19427, with
#   the input gate left out) whose state must not carry over from one
#   episode into the next;
# - ret: the discounted return G[t] = r[t] + gamma G[t+1] (Sutton & Barto,
#   eq. 3.9), computed backwards and cut where the next step starts a new
#   episode (done[t+1] = 1; after the last step G is 0).
# Both are written as a user would, with `where`; each is a select between
# two affine functions of the state, so each runs as a parallel scan.
model episodic {
  dims B, T, D
  input x      : f32[B, T, D]
  input done   : f32[B, T]
  input reward : f32[B, T]
  param Wa     : f32[D, D]
  param ba     : f32[D]
  param lam    : f32[D]

  let a     = exp(-8.0 * sigmoid(x @ Wa + ba) * softplus(-lam))
  let u     = sqrt(1.0 - a * a) * x
  let first = expand_dims(done, -1)
  scan t over T {
    h[t] = where(first[t] > 0.5, u[t], a[t] * h[t-1] + u[t])
  }
  scan t over T reverse {
    ret[t] = where(done[t+1] > 0.5, reward[t], reward[t] + 0.99 * ret[t+1])
  }
  output h, ret
}
