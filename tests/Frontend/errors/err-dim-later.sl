# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-later.sl:8:17: error: 'N' is used before its definition (at 9:8)
# CHECK-NEXT: {{^}}  param w : f32[N]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[N]
  dims N
  output x
}
