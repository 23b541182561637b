# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-expected-statement.sl:8:3: error: expected a statement (dims, input, param, let, scan or output), found 'x'
# CHECK-NEXT: {{^}}  x = 1.0
# CHECK-NEXT: {{^}}  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  x = 1.0
  output x
}
