# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-dim-tensor.sl:8:15: error: 'x' is a tensor, not a dim
# CHECK-NEXT: {{^}}  scan t over x { h[t] = 1.0 }
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over x { h[t] = 1.0 }
  output x
}
