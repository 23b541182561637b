# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-unknown.sl:8:10: error: unknown name 'y'
# CHECK-NEXT: {{^}}  output y
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output y
}
