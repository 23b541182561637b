# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-list-other.sl:8:21: error: 'sum' takes no dim list
# CHECK-NEXT: {{^}}  output y = sum(x, [B, T])
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = sum(x, [B, T])
}
