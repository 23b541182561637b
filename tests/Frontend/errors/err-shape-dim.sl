# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-dim.sl:8:17: error: expected a dim name or size, found ']'
# CHECK-NEXT: {{^}}  param w : f32[]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[]
  output x
}
