# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-number-suffix.sl:8:11: error: malformed number '2x'
# CHECK-NEXT: {{^}}  let a = 2x
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = 2x
  output x
}
