# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-inf-dim-size.sl:7:17: error: expected a dim name or size, found 'inf'
# CHECK-NEXT: {{^}}  input x : f32[inf]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[inf]
  output x
}
