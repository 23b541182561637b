# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-close.sl:9:16: error: expected ']' after the time index, found '*'
# CHECK-NEXT: {{^}}    h[t] = x[t * 2]
# CHECK-NEXT: {{^}}               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t * 2]
  }
  output x
}
