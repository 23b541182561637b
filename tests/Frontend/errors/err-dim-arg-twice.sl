# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-twice.sl:9:21: error: the operand of 'cumsum' has dim D more than once: [D, D]
# CHECK-NEXT: {{^}}  let a = cumsum(W, D)
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[D, D]
  let a = cumsum(W, D)
  output x
}
