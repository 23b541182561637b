# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-size.sl:10:19: error: init s[-3:]: the value [B, 4] must hold the 3 steps along its 1st dim from the end (where s has T, as in 'y'), which is 4, not 3
# CHECK-NEXT: {{^}}    init s[-3:] = s0
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T
  input y : f32[B, T]
  input s0 : f32[B, 4]
  scan t over T {
    init s[-3:] = s0
    s[t] = 0.5 * s[t-3] + y[t]
  }
  output s
}
