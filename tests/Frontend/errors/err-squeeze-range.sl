# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-squeeze-range.sl:8:25: error: squeeze position 3 is out of range for [B, T, 1] (allowed -3 to 2)
# CHECK-NEXT: {{^}}  output y = squeeze(x, 3)
# CHECK-NEXT: {{^}}                        ^
model m {
  dims B, T
  input x : f32[B, T, 1]
  output y = squeeze(x, 3)
}
