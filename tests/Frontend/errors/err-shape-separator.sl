# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-separator.sl:8:19: error: expected ',' or ']' in the shape, found 'D'
# CHECK-NEXT: {{^}}  param w : f32[B D]
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[B D]
  output x
}
