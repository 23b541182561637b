# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-later-step.sl:9:15: error: 'h[t+1]' reads a later step of a forward scan
# CHECK-NEXT: {{^}}    h[t] = h[t+1] + x[t]
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t+1] + x[t]
  }
  output x
}
