# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-reshape-unknown-dim.sl:8:29: error: unknown dim 'Q'
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, Q])
# CHECK-NEXT: {{^}}                            ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, [B, Q])
}
