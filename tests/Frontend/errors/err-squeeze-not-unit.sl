# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-squeeze-not-unit.sl:8:25: error: squeeze removes a dim of size 1, but [B, T, 1] has T at position -2
# CHECK-NEXT: {{^}}  output y = squeeze(x, -2)
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = squeeze(x, -2)
}
