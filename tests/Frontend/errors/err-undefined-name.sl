# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-undefined-name.sl:8:11: error: unknown name 'y'
# CHECK-NEXT: {{^}}  let a = y + 1.0
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = y + 1.0
  output x
}
