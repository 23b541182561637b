# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-int-arg-huge.sl:8:23: error: integer '123456789012345678901234' is too large
# CHECK-NEXT: {{^}}  let a = shift(x, T, 123456789012345678901234)
# CHECK-NEXT: {{^}}                      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = shift(x, T, 123456789012345678901234)
  output x
}
