# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-two-lists.sl:8:33: error: 'reshape' takes one dim list
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, T], [B, T])
# CHECK-NEXT: {{^}}                                ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, [B, T], [B, T])
}
