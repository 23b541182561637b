# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-rank.sl:10:19: error: init s[-2:]: the value [2] must hold the 2 steps along its 2nd dim from the end (where s has T, as in 'y'), which it does not have
# CHECK-NEXT: {{^}}    init s[-2:] = s0
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input y : f32[B, T, D]
  input s0 : f32[2]
  scan t over T {
    init s[-2:] = s0
    s[t] = 0.5 * s[t-2] + y[t]
  }
  output s
}
