# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @maxplus(
# PARSED: loc("{{.*}}maxplus.sl":
# RECOGNIZED: maxplus.sl:17:3: remark: scan over 'h' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients)
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED-DAG: sl.scan max_plus
# NOLOOP-NOT: sl.loop
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
