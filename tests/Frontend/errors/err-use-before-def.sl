# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-use-before-def.sl:8:11: error: 'b' is used before its definition (at 9:7)
# CHECK-NEXT: {{^}}  let a = b + 1.0
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = b + 1.0
  let b = x
  output x
}
