# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-arg-unknown.sl:8:19: error: unknown dim 'N'
# CHECK-NEXT: {{^}}  let a = amax(x, N)
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = amax(x, N)
  output x
}
