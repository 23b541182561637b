# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-inf-steps.sl:8:23: error: the step argument of 'shift' must be an integer literal, found 'inf'
# CHECK-NEXT: {{^}}  let a = shift(x, T, inf)
# CHECK-NEXT: {{^}}                      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = shift(x, T, inf)
  output x
}
