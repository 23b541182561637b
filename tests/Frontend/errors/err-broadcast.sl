# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-broadcast.sl:9:13: error: cannot broadcast [B, T, D] with [B, R]: dim D vs R
# CHECK-NEXT: {{^}}  let a = x + y
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D, R
  input x : f32[B, T, D]
  input y : f32[B, R]
  let a = x + y
  output x
}
