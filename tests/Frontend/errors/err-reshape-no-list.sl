# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-no-list.sl:8:14: error: 'reshape' takes a tensor and a dim list, as in reshape(x, [B, T, D])
# CHECK-NEXT: {{^}}  output y = reshape(x, B)
# CHECK-NEXT: {{^}}             ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, B)
}
