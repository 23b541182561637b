# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-not-a-function.sl:8:11: error: 'x' is not a function
# CHECK-NEXT: {{^}}  let a = x(1.0)
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x(1.0)
  output x
}
