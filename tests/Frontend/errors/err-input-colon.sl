# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-input-colon.sl:8:11: error: expected ':' after 'y', found 'f32'
# CHECK-NEXT: {{^}}  input y f32[B]
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y f32[B]
  output x
}
