# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-minus.sl:9:12: error: expected '-' in 'init h[-k]' (an init gives a value k steps before the first step), found '1'
# CHECK-NEXT: {{^}}    init h[1] = 0.0
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[1] = 0.0
    h[t] = h[t-1] + x[t]
  }
  output x
}
