# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-number.sl:8:18: error: the second argument of 'sum' must be a dim name, found the number '2'
# CHECK-NEXT: {{^}}  let a = sum(x, 2)
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = sum(x, 2)
  output x
}
