# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-zero.sl:9:13: error: init h[-0] is not before the first step: k must be at least 1
# CHECK-NEXT: {{^}}    init h[-0] = 0.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-0] = 0.0
  }
  output x
}
