# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: maxplus.sl:28:3: remark: scan over 'h' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan max_plus
# PARSED-LABEL: func.func @maxplus(
# PARSED-SAME: sl.name = "a"
# PARSED-SAME: sl.name = "b"
# PARSED-SAME: sl.name = "h"
# PARSED-SAME: sl.name = "best"
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [1]
# PARSED: ^bb0({{.*}}loc("{{.*}}maxplus.sl":29:25)
# PARSED: {sl.state_names = ["h"]}
# PARSED: sl.last {{.*}} axis 1
# PARSED: return
# NOLOOP-LABEL: func.func @maxplus(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# A max-plus (tropical) recurrence: the running best score of a path that may
# restart at every step, as in the Viterbi / Smith-Waterman local-alignment
# recursions (Smith & Waterman 1981, "Identification of Common Molecular
# Subsequences"). With a = 0 it is cummax.
model maxplus {
  dims B, T, D
  input a : f32[B, T, D]     # per-step gain (log-space transition)
  input b : f32[B, T, D]     # per-step restart score
  scan t over T {
    h[t] = max(h[t-1] + a[t], b[t])
  }
  output h, best = last(h)
}
