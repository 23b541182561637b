# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-condition-not-comparison.sl:9:20: error: the condition of 'where' must be a comparison (< <= > >= == !=), such as 'x > 0.0' or 'd != 0.0'
# CHECK-NEXT: {{^}}  output y = where(done, x, 0.0)
# CHECK-NEXT: {{^}}                   ^
model m {
  dims T
  input x : f32[T]
  input done : f32[T]
  output y = where(done, x, 0.0)
}
