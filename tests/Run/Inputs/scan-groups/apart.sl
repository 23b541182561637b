# Values a group's kernel cannot compute after its steps: y reads f at
# another channel (a shift along D, maybe another work item's), so the
# kernel computes no epilogue and stores both states; z reads s two steps
# back, so s would not be internal anyway.
model apart {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    f[t] = 0.9 * f[t-1] + x[t]
    s[t] = 0.5 * s[t-1] + tanh(f[t]) * x[t]
  }
  output y = s + shift(f, D, 1), z = shift(s, T, 2) * x
}
