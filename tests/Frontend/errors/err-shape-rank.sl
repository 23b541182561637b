# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-shape-rank.sl:8:209: error: a tensor may have at most 64 dims
# CHECK-NEXT: {{^}}... 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]{{$}}
# CHECK-NEXT: {{^}}                                                                                                                         ^{{$}}
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  output x
}
