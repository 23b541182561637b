# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-non-ascii.sl:9:7: error: non-ASCII character outside a comment (byte 0xC3)
# CHECK-NEXT: {{^}}  let ?? = x
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x * 2.0  # café is fine in a comment
  let é = x
  output x
}
