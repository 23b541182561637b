# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-def-lag.sl:9:8: error: a state is defined at the current step: write 'h[t] = ...'
# CHECK-NEXT: {{^}}    h[t-1] = x[t]
# CHECK-NEXT: {{^}}       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t-1] = x[t]
  }
  output x
}
