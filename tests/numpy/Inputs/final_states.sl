# Two scans' final states and a value computed from one of them: three
# `last` results, stored by one kernel (codegen/cpu/ShapeKernels.cpp,
# generateLast) that reads both scans' results.
model final_states {
  dims B, T, D
  input x : f32[B, T, D]
  input z : f32[B, T, D]
  param a : f32[D]
  scan t over T {
    h[t] = a * h[t-1] + x[t]
    g[t] = 0.5 * g[t-1] + z[t]
  }
  output hT = last(h), gT = last(g), twice = 2.0 * last(h)
}
