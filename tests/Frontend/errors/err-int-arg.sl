# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-int-arg.sl:8:26: error: the position argument of 'expand_dims' must be an integer literal
# CHECK-NEXT: {{^}}  let a = expand_dims(x, D)
# CHECK-NEXT: {{^}}                         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = expand_dims(x, D)
  output x
}
