# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-matmul-vector.sl:9:13: error: cannot multiply [B, T, D] @ [D]: the right operand of '@' must have at least 2 dims
# CHECK-NEXT: {{^}}  let a = x @ w
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  let a = x @ w
  output x
}
