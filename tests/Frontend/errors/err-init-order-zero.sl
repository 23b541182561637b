# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-order-zero.sl:10:13: error: init h[-1] is never read: h never reads a previous step
# CHECK-NEXT: {{^}}    init h[-1] = 1.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t]
    init h[-1] = 1.0
  }
  output x
}
