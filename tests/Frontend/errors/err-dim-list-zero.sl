# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-list-zero.sl:8:32: error: a dim size must be at least 1
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, T, 0])
# CHECK-NEXT: {{^}}                               ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, [B, T, 0])
}
