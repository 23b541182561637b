# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-let-equal.sl:8:9: error: expected '=' after 'let a', found 'x'
# CHECK-NEXT: {{^}}  let a x
# CHECK-NEXT: {{^}}        ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a x
  output x
}
