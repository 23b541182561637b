# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-keyword-expression.sl:8:11: error: expected an expression, found 'reverse'
# CHECK-NEXT: {{^}}  let a = reverse
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = reverse
  output x
}
