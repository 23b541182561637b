# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-bang.sl:8:20: error: unexpected character '!' (the only operator with '!' is '!=')
# CHECK-NEXT: {{^}}  output y = where(!x, x, 0.0)
# CHECK-NEXT: {{^}}                   ^
model m {
  dims T
  input x : f32[T]
  output y = where(!x, x, 0.0)
}
