# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-compare-dtypes.sl:9:22: error: cannot mix f64 with f32 in one expression
# CHECK-NEXT: {{^}}  output y = where(z > x, x, 0.0)
# CHECK-NEXT: {{^}}                     ^
model m {
  dims T
  input x : f32[T]
  input z : f64[T]
  output y = where(z > x, x, 0.0)
}
