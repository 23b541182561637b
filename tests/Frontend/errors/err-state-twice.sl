# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-twice.sl:10:5: error: 'h' is defined twice (first at 9:5)
# CHECK-NEXT: {{^}}    h[t] = x[t] * 2.0
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t]
    h[t] = x[t] * 2.0
  }
  output x
}
