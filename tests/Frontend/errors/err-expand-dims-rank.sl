# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-expand-dims-rank.sl:9:11: error: expand_dims would give more than 64 dims
# CHECK-NEXT: {{^}}  let a = expand_dims(w, 0)
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D]
  let a = expand_dims(w, 0)
  output x
}
