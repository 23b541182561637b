# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-list-syntax.sl:8:31: error: expected ',' or ']' in the dim list, found '+'
# CHECK-NEXT: {{^}}  output y = reshape(x, [B, T + 1])
# CHECK-NEXT: {{^}}                              ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape(x, [B, T + 1])
}
