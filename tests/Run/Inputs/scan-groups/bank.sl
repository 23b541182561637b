# Ten EMAs of one input (a bank): groups of at most 8 scans per kernel; the
# second group's kernel also computes y, reading the first group's states
# from memory and its own from registers.
model bank {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    a1[t] = 0.9 * a1[t-1] + x[t]
    a2[t] = 0.8 * a2[t-1] + x[t]
    a3[t] = 0.7 * a3[t-1] + x[t]
    a4[t] = 0.6 * a4[t-1] + x[t]
    a5[t] = 0.5 * a5[t-1] + x[t]
    a6[t] = 0.4 * a6[t-1] + x[t]
    a7[t] = 0.3 * a7[t-1] + x[t]
    a8[t] = 0.2 * a8[t-1] + x[t]
    a9[t] = 0.1 * a9[t-1] + x[t]
    a10[t] = 0.05 * a10[t-1] + x[t]
  }
  output y = a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10
}
