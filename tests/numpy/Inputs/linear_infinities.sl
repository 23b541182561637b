# Linear scans whose data holds infinities, and a second-order one that
# grows (tests/numpy/linear_infinities.py): the look-back composes maps
# only where every state, map and forcing term is finite and, with two
# states, every map entry small; elsewhere it walks the steps, so that
# the results are the loop's.
model linear_infinities {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  input u : f32[B, T, D]
  param c1 : f32[D]
  param c2 : f32[D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  scan t over T { y[t] = c1 * y[t-1] + c2 * y[t-2] + u[t] }
  output h, y
}
