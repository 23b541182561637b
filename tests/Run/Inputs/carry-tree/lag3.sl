# An order-3 recurrence (a 3-state companion scan) in f64, for
# opencl-carry-tree.sl.
model lag3 {
  dims B, T, D
  input x : f64[B, T, D]
  scan t over T {
    init h[-1] = 1.0
    h[t] = 0.3 * h[t-1] - 0.2 * h[t-2] + 0.4 * h[t-3] + x[t]
  }
  output h
}
