# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-branch-dtypes.sl:9:14: error: cannot mix f32 with f64 in one expression
# CHECK-NEXT: {{^}}  output y = where(x > 0.0, x, z)
# CHECK-NEXT: {{^}}             ^
model m {
  dims T
  input x : f32[T]
  input z : f64[T]
  output y = where(x > 0.0, x, z)
}
