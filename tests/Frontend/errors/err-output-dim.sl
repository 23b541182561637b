# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-dim.sl:8:10: error: 'D' is a dim, not a tensor
# CHECK-NEXT: {{^}}  output D
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output D
}
