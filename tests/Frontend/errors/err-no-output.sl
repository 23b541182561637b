# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-no-output.sl:5:7: error: model 'm' has no output (add 'output NAME')
# CHECK-NEXT: {{^}}model m {
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x
}
