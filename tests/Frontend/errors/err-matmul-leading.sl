# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-matmul-leading.sl:9:13: error: cannot multiply [B, T, D] @ [B, D, D]: the leading dims [B] of the right operand must equal [B, T]
# CHECK-NEXT: {{^}}  let a = x @ W
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[B, D, D]
  let a = x @ W
  output x
}
