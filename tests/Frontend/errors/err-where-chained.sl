# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-chained.sl:8:28: error: comparisons do not chain: '<' follows the '<' at 8:24; compare two values at a time, e.g. with nested where(...)
# CHECK-NEXT: {{^}}  output y = where(0.0 < x < 1.0, x, 0.0)
# CHECK-NEXT: {{^}}                           ^
model m {
  dims T
  input x : f32[T]
  output y = where(0.0 < x < 1.0, x, 0.0)
}
