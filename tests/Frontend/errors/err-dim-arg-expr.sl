# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-expr.sl:8:20: error: the second argument of 'sum' must be a dim name
# CHECK-NEXT: {{^}}  let a = sum(x, x * 2.0)
# CHECK-NEXT: {{^}}                   ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = sum(x, x * 2.0)
  output x
}
