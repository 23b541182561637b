# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-grows.sl:9:5: error: state 'h' would have more than 64 dims
# CHECK-NEXT: {{^}}    h[t] = expand_dims(h[t-1], 0) + x[t]
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = expand_dims(h[t-1], 0) + x[t]
  }
  output x
}
