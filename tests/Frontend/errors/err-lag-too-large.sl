# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-lag-too-large.sl:9:15: error: lag 2000 of 'h' is too large (at most 1024)
# CHECK-NEXT: {{^}}    h[t] = h[t-2000] + x[t]
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-2000] + x[t]
  }
  output x
}
