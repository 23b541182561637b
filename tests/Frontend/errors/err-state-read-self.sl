# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-read-self.sl:9:12: error: 'h[t]' is read before its definition in this step (at 9:5)
# CHECK-NEXT: {{^}}    h[t] = h[t] + x[t]
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t] + x[t]
  }
  output x
}
