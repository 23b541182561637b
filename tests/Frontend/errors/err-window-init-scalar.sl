# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-scalar.sl:9:19: error: init s[-2:]: the value [] must hold the 2 steps along its 1st dim from the end (where s has T, as in 'y'), which it does not have
# CHECK-NEXT: {{^}}    init s[-2:] = 0.0
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T
  input y : f32[B, T]
  scan t over T {
    init s[-2:] = 0.0
    s[t] = 0.5 * s[t-2] + y[t]
  }
  output s
}
