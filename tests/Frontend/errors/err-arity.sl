# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-arity.sl:8:18: error: 'exp' takes 1 argument (x), got 2
# CHECK-NEXT: {{^}}  let a = exp(x, x)
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = exp(x, x)
  output x
}
