# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unknown-dtype.sl:8:13: error: unknown dtype 'i32' (expected f16, bf16, f32 or f64)
# CHECK-NEXT: {{^}}  param w : i32[D]
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : i32[D]
  output x
}
