# Linear recurrences of order 2 and 5 whose values before the first step come
# in one tensor each (`init y[-k:] = y0`); tests/numpy/ar{2,5}_window.py.
model ar2 {
  dims B, T, D
  input x  : f32[B, T, D]
  input y0 : f32[B, 2, D]       # y0[:, 0] is y[-2], y0[:, 1] is y[-1]
  param c1 : f32[D]
  param c2 : f32[D]
  scan t over T {
    init y[-2:] = y0
    y[t] = c1 * y[t-1] + c2 * y[t-2] + x[t]
  }
  output y
}

model ar5 {
  dims B, T, D
  input x  : f32[B, T, D]
  input y0 : f32[5, D]          # shared by every batch row: y0[j] is y[-(5-j)]
  param c1 : f32[D]
  param c5 : f32[D]
  scan t over T {
    init y[-5:] = y0
    y[t] = c1 * y[t-1] + c5 * y[t-5] + x[t]
  }
  output y
}
