# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-steps.sl:9:16: error: expected a number of steps after '-', found 'k'
# CHECK-NEXT: {{^}}    h[t] = x[t-k]
# CHECK-NEXT: {{^}}               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t-k]
  }
  output x
}
