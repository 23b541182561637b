# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-size-float.sl:8:17: error: a dim size must be an integer, found '2.0'
# CHECK-NEXT: {{^}}  param w : f32[2.0]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[2.0]
  output x
}
