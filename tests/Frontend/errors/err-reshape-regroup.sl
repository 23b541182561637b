# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-regroup.sl:8:25: error: reshape from [B, T, 1] to [T, B] keeps the element count but moves or regroups dims; reshape only adds or removes dims of size 1, keeping the other dims in order
# CHECK-NEXT: {{^}}  output y = reshape(x, [T, B])
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, [T, B])
}
