# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-varies.sl:9:18: error: 'x' varies over T; write x[t]
# CHECK-NEXT: {{^}}    init h[-1] = x
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1] = x
    h[t] = h[t-1] + x[t]
  }
  output x
}
