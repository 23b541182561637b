# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-control-char.sl:8:11: error: unexpected control character (byte 0x07)
# CHECK-NEXT: {{^}}  let a = ?x
# CHECK-NEXT: {{^}}          ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x
  output x
}
