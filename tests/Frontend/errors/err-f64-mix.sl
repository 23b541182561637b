# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-f64-mix.sl:9:13: error: cannot mix f64 with f32 in one expression
# CHECK-NEXT: {{^}}  let a = y - x
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f64[B, T, D]
  let a = y - x
  output x
}
