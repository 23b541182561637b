# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-twice.sl:10:5: error: init h[-1] is given twice (first at 9:5)
# CHECK-NEXT: {{^}}    init h[-1] = 2.0
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1] = 1.0
    init h[-1] = 2.0
    h[t] = h[t-1] + x[t]
  }
  output x
}
