# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-list-not-last.sl:8:30: error: an argument after the dim list of 'reshape' (the dim list comes last)
# CHECK-NEXT: {{^}}  output y = reshape([B, T], x)
# CHECK-NEXT: {{^}}                             ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = reshape([B, T], x)
}
