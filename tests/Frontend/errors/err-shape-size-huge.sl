# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-size-huge.sl:8:17: error: integer '99999999999999999999' is too large
# CHECK-NEXT: {{^}}  param w : f32[99999999999999999999]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[99999999999999999999]
  output x
}
