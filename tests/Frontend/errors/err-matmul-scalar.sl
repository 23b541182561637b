# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-matmul-scalar.sl:9:15: error: cannot multiply [] @ [D, D]: the left operand of '@' must have at least 1 dim
# CHECK-NEXT: {{^}}  let a = 2.0 @ W
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[D, D]
  let a = 2.0 @ W
  output x
}
