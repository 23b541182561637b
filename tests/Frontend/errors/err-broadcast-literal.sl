# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-broadcast-literal.sl:10:13: error: cannot broadcast [3] with [4]: dim 3 vs 4
# CHECK-NEXT: {{^}}  let a = u * v
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param u : f32[3]
  param v : f32[4]
  let a = u * v
  output x
}
