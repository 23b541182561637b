# Two scans of one bf16 input sharing a kernel, each result rounded to bf16:
# the roundings are the group's epilogue, so the states stay f32 in the
# kernel and only the bf16 results are stored.
model bf16_pair {
  dims B, T, D
  input x : bf16[B, T, D]
  scan t over T {
    f[t] = 0.9 * f[t-1] + x[t]
    s[t] = 0.5 * s[t-1] + 0.1 * x[t]
  }
  output f, s
}
