# A log-space accumulator written the way its formula reads,
# log(exp(h[t-1] + a) + exp(x[t])), whose state grows past exp's overflow
# (88.7 in f32, 709.8 in f64) within the steps (also with three terms):
# the language defines the spelling as logaddexp (docs/LANGUAGE.md), so every target and strategy
# gives the finite state; tests/numpy/logspace_growth.py.
model logspace_growth {
  dims B, T, D
  input x : f32[B, T, D]
  param a : f32[D]
  scan t over T {
    h[t] = log(exp(h[t-1] + a) + exp(x[t]))
    g[t] = log(exp(g[t-1] + a) + exp(x[t]) + exp(x[t] - 1.0))
  }
  output h, g
  output y = log(exp(x + 100.0) + exp(x))
}
