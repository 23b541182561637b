# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-steps.sl:9:13: error: expected a number of steps in 'init h[-k]', found 't'
# CHECK-NEXT: {{^}}    init h[-t] = 0.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-t] = 0.0
  }
  output x
}
