# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-varies-over.sl:9:21: error: 'x' varies over T; write x[t]
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + x
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + x
  }
  output x
}
