# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-number-two-dots.sl:8:15: error: malformed number '1.2.3'
# CHECK-NEXT: {{^}}  let a = x * 1.2.3
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x * 1.2.3
  output x
}
