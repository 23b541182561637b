# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-twice.sl:9:17: error: 'x' is output twice (first at 8:10)
# CHECK-NEXT: {{^}}  output y = x, x
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
  output y = x, x
}
