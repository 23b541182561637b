# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-kwarg-unknown.sl:8:24: error: unknown keyword argument 'keepdims' for 'cumsum' (expected reverse or exclusive)
# CHECK-NEXT: {{^}}  let a = cumsum(x, T, keepdims=true)
# CHECK-NEXT: {{^}}                       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = cumsum(x, T, keepdims=true)
  output x
}
