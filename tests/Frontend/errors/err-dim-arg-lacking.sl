# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-lacking.sl:8:26: error: the operand of 'sum' has no dim T: its shape is [B, D]
# CHECK-NEXT: {{^}}  let a = sum(sum(x, T), T)
# CHECK-NEXT: {{^}}                         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = sum(sum(x, T), T)
  output x
}
