# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-kwarg-twice.sl:8:38: error: keyword argument 'reverse' is given twice
# CHECK-NEXT: {{^}}  let a = cumsum(x, T, reverse=true, reverse=false)
# CHECK-NEXT: {{^}}                                     ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = cumsum(x, T, reverse=true, reverse=false)
  output x
}
