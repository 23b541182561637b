# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-int-arg-float.sl:8:23: error: the step argument of 'shift' must be an integer literal, found '1.0'
# CHECK-NEXT: {{^}}  let a = shift(x, T, 1.0)
# CHECK-NEXT: {{^}}                      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = shift(x, T, 1.0)
  output x
}
