# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-not-state.sl:9:10: error: 'g' is not a state of this scan block
# CHECK-NEXT: {{^}}    init g[-1] = 1.0
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init g[-1] = 1.0
    h[t] = h[t-1] + x[t]
  }
  output x
}
