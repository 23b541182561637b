# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-dim-tensor.sl:9:21: error: 'D' is a dim, not a tensor
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + D[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + D[t]
  }
  output x
}
