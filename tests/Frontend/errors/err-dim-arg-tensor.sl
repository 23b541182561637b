# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-tensor.sl:8:19: error: 'x' is a tensor, not a dim
# CHECK-NEXT: {{^}}  let a = mean(x, x)
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = mean(x, x)
  output x
}
