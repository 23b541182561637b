# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-dtype.sl:11:10: error: state 'h': cannot mix f32 with f64 in one expression
# CHECK-NEXT: {{^}}    init h[-1] = y
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f64[B, D]
  scan t over T {
    h[t] = h[t-1] + x[t]
    init h[-1] = y
  }
  output x
}
