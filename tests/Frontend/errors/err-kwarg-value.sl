# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-kwarg-value.sl:8:32: error: expected 'true' or 'false' for keyword argument 'reverse', found '1'
# CHECK-NEXT: {{^}}  let a = cumsum(x, T, reverse=1)
# CHECK-NEXT: {{^}}                               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = cumsum(x, T, reverse=1)
  output x
}
