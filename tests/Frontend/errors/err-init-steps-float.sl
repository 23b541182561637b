# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-steps-float.sl:9:13: error: a number of steps must be an integer, found '1.0'
# CHECK-NEXT: {{^}}    init h[-1.0] = 0.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1.0] = 0.0
  }
  output x
}
