# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-arity-few.sl:8:11: error: 'clamp' takes 3 arguments (x, lo, hi), got 2
# CHECK-NEXT: {{^}}  let a = clamp(x, 0.0)
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = clamp(x, 0.0)
  output x
}
