# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-number-too-large.sl:8:15: error: number '1e999' is too large
# CHECK-NEXT: {{^}}  let a = x * 1e999
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x * 1e999
  output x
}
