# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-defined-twice.sl:8:8: error: 'D' is defined twice (first at 6:14)
# CHECK-NEXT: {{^}}  dims D
# CHECK-NEXT: {{^}}       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  dims D
  output x
}
