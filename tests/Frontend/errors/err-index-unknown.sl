# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-unknown.sl:9:21: error: unknown name 'y'
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + y[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + y[t]
  }
  output x
}
