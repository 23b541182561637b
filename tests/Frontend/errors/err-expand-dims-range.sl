# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-expand-dims-range.sl:8:26: error: expand_dims position 4 is out of range for [B, T, D] (allowed -4 to 3)
# CHECK-NEXT: {{^}}  let a = expand_dims(x, 4)
# CHECK-NEXT: {{^}}                         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = expand_dims(x, 4)
  output x
}
