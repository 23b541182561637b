# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-call-separator.sl:8:17: error: expected ',' or ')' after an argument of 'max', found 'x'
# CHECK-NEXT: {{^}}  let a = max(x x)
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = max(x x)
  output x
}
