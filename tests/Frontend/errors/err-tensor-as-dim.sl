# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-tensor-as-dim.sl:8:17: error: 'x' is a tensor, not a dim
# CHECK-NEXT: {{^}}  param w : f32[x]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[x]
  output x
}
