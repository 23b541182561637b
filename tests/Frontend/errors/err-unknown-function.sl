# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unknown-function.sl:8:11: error: unknown function 'foo'
# CHECK-NEXT: {{^}}  let a = foo(x)
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = foo(x)
  output x
}
