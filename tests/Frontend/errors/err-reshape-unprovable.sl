# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-unprovable.sl:9:25: error: reshape from [B, T, D] to [B, T, H, K]: the element counts B*T*D and B*T*H*K are not provably equal (dims are sized at run time); reshape only adds or removes dims of size 1
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, T, H, K])
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T, D, H, K
  input x : f32[B, T, D]
  param w : f32[H, K]
  output y = reshape(x, [B, T, H, K])
}
