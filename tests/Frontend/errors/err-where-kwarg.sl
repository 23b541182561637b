# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-kwarg.sl:8:37: error: 'where' takes no keyword arguments
# CHECK-NEXT: {{^}}  output y = where(x > 0.0, x, 0.0, reverse=true)
# CHECK-NEXT: {{^}}                                    ^
model m {
  dims T
  input x : f32[T]
  output y = where(x > 0.0, x, 0.0, reverse=true)
}
