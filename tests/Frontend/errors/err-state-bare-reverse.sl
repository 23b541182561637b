# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-bare-reverse.sl:9:18: error: 'h' is a state of this scan block: write h[t] or h[t+1]
# CHECK-NEXT: {{^}}    h[t] = 0.5 * h + x[t]
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T reverse {
    h[t] = 0.5 * h + x[t]
  }
  output x
}
