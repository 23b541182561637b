# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-size-zero.sl:8:20: error: a dim size must be at least 1
# CHECK-NEXT: {{^}}  param w : f32[D, 0]
# CHECK-NEXT: {{^}}                   ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D, 0]
  output x
}
