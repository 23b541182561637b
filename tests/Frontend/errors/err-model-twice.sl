# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-model-twice.sl:10:7: error: model 'm' is defined twice (first at 5:7)
# CHECK-NEXT: {{^}}model m {
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
}
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
}
