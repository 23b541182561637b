# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-dim-unknown.sl:8:15: error: unknown dim 'S'
# CHECK-NEXT: {{^}}  scan t over S { h[t] = 1.0 }
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over S { h[t] = 1.0 }
  output x
}
