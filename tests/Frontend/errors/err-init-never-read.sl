# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-never-read.sl:9:13: error: init h[-3] is never read: h reads at most h[t-2]
# CHECK-NEXT: {{^}}    init h[-3] = 1.0
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-3] = 1.0
    h[t] = h[t-1] + h[t-2] + x[t]
  }
  output x
}
