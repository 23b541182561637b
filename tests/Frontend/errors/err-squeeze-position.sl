# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-squeeze-position.sl:8:25: error: the position argument of 'squeeze' must be an integer literal
# CHECK-NEXT: {{^}}  output y = squeeze(x, T)
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = squeeze(x, T)
}
