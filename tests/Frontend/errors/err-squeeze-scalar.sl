# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-squeeze-scalar.sl:8:22: error: squeeze needs a tensor with a dim of size 1; this is a scalar
# CHECK-NEXT: {{^}}  output y = squeeze(sum(sum(x, T), B), 0)
# CHECK-NEXT: {{^}}                     ^
model m {
  dims B, T
  input x : f32[B, T]
  output y = squeeze(sum(sum(x, T), B), 0)
}
