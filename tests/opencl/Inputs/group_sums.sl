# Scans read only through a sum or mean over one of their state dims, for
# OpenclGroupKernelTest (codegen/cpu/ScanReduceGroupKernel.cpp): the sum over
# a middle dim with a dim after it, of the state itself, as a mean, scanned
# backwards; an f64 one (the last dim's sum in f32 is
# examples/selective_scan.sl's).
model middle_mean {
  dims B, T, K, V
  input a : f32[B, T, K]
  input u : f32[B, T, K, V]
  let ae = expand_dims(a, -1)           # [B, T, K, 1]
  scan t over T reverse {
    S[t] = ae[t] * S[t+1] + u[t]
  }
  output o = mean(S, K)                 # [B, T, V]
}

# In f64 (its blocks of 8 steps: the local array stays at 16 KiB), summed
# over the last dim, no dim after it.
model last_sum_f64 {
  dims B, T, K
  input a : f64[B, T, K]
  input u : f64[B, T, K]
  scan t over T { h[t] = a[t] * h[t-1] + u[t] }
  output o = sum(h, K)                  # [B, T]
}

# A term with a condition that reads no state (its comparison is staged
# through its operands: the group kernel stages float values only).
model gated_sum {
  dims B, T, D, N
  input a : f32[B, T, D, N]
  input u : f32[B, T, D, N]
  input C : f32[B, T, N]
  let Ce = expand_dims(C, 2)                       # [B, T, 1, N]
  scan t over T { h[t] = a[t] * h[t-1] + u[t] }
  output y = sum(where(Ce > 0.0, h, 0.0), N)       # [B, T, D]
}
