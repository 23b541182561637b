# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-model-in-model.sl:9:1: error: expected '}' to close model 'm' (opened at 5:9), found 'model'
# CHECK-NEXT: {{^}}model n {
# CHECK-NEXT: {{^}}^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
model n {
}
