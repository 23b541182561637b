# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-arity.sl:8:14: error: 'where' takes 3 arguments (cond, a, b), got 2
# CHECK-NEXT: {{^}}  output y = where(x > 0.0, x)
# CHECK-NEXT: {{^}}             ^
model m {
  dims T
  input x : f32[T]
  output y = where(x > 0.0, x)
}
