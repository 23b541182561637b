# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-expected-expression.sl:8:15: error: expected an expression, found ')'
# CHECK-NEXT: {{^}}  let a = x * )
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x * )
  output x
}
