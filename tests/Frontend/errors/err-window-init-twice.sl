# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-twice.sl:11:5: error: init s[-2] is given twice (first at 10:5)
# CHECK-NEXT: {{^}}    init s[-3:] = s0
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T
  input y : f32[B, T]
  input s0 : f32[B, 3]
  scan t over T {
    init s[-2] = 1.0
    init s[-3:] = s0
    s[t] = 0.5 * s[t-3] + y[t]
  }
  output s
}
