# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-kwarg-none.sl:8:18: error: 'exp' takes no keyword arguments
# CHECK-NEXT: {{^}}  let a = exp(x, reverse=true)
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = exp(x, reverse=true)
  output x
}
