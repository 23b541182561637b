# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-steps-float.sl:9:16: error: a step offset must be an integer, found '1.5'
# CHECK-NEXT: {{^}}    h[t] = x[t-1.5]
# CHECK-NEXT: {{^}}               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t-1.5]
  }
  output x
}
