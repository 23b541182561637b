# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-stray-char.sl:8:12: error: unexpected character ';'
# CHECK-NEXT: {{^}}  let a = x;
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x;
  output x
}
