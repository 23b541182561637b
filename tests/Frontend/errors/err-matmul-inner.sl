# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-matmul-inner.sl:9:13: error: cannot multiply [B, T, D] @ [T, D]: inner dims D vs T
# CHECK-NEXT: {{^}}  let a = x @ W
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[T, D]
  let a = x @ W
  output x
}
