# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-as-tensor.sl:8:15: error: 'D' is a dim, not a tensor
# CHECK-NEXT: {{^}}  let a = x * D
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x * D
  output x
}
