# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-lone-dot.sl:8:13: error: unexpected character '.'
# CHECK-NEXT: {{^}}  let a = x . 2.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x . 2.0
  output x
}
