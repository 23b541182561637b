# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-unread.sl:10:13: error: init s[-3:] is never read: s reads at most s[t-2]
# CHECK-NEXT: {{^}}    init s[-3:] = s0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T
  input y : f32[B, T]
  input s0 : f32[B, 3]
  scan t over T {
    init s[-3:] = s0
    s[t] = 0.5 * s[t-2] + y[t]
  }
  output s
}
