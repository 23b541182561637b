# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-own-definition.sl:8:11: error: 'a' is used in its own definition
# CHECK-NEXT: {{^}}  let a = a + 1.0
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = a + 1.0
  output x
}
