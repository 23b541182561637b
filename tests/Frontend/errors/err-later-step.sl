# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-later-step.sl:9:24: error: 'x[t+1]' reads a later step of a forward scan
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + x[t+1]
# CHECK-NEXT: {{^}}                       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + x[t+1]
  }
  output x
}
