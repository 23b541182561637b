# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unknown-dim.sl:8:17: error: unknown dim 'Q'
# CHECK-NEXT: {{^}}  param w : f32[Q]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[Q]
  output x
}
