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
