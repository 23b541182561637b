# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-last-expr.sl:8:18: error: 'last' takes the name of a scan state, as in last(h)
# CHECK-NEXT: {{^}}  let a = last(x * 2.0)
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = last(x * 2.0)
  output x
}
