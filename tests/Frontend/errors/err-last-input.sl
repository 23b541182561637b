# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-last-input.sl:8:16: error: 'last' takes a scan state; 'x' is an input
# CHECK-NEXT: {{^}}  let a = last(x)
# CHECK-NEXT: {{^}}               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = last(x)
  output x
}
