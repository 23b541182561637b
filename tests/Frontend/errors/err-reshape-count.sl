# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-count.sl:8:25: error: reshape from [B, T, 4] to [B, T, 3] changes the number of elements (B*T*4 vs B*T*3)
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, T, 3])
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T
  input x : f32[B, T, 4]
  output y = reshape(x, [B, T, 3])
}
