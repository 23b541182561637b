# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-param-dtype.sl:8:13: error: expected a dtype (f16, bf16, f32 or f64), found '['
# CHECK-NEXT: {{^}}  param w : [D]
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : [D]
  output x
}
