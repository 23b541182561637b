# Lone scans walked channel-parallel in blocks whose coefficients and
# forcings are computed first (TargetInfo::stagedWalkSteps), for
# OpenclEmitRunTest: backwards in f64 (blocks of 8 steps) and exclusive
# (the state before each step stored), with T crossing several blocks and
# ending inside one.
model reverse_f64 {
  dims B, T, D
  input a : f64[B, T, D]
  input b : f64[B, T, D]
  scan t over T reverse { h[t] = a[t] * h[t+1] + b[t] }
  output h
}

model exclusive_sum {
  dims B, T, D
  input x : f32[B, T, D]
  output c = cumsum(x, T, exclusive=true)
}
