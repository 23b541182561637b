# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-last-inside.sl:10:17: error: last(h) is only available after the scan block of 'h'
# CHECK-NEXT: {{^}}    g[t] = last(h)
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + x[t]
    g[t] = last(h)
  }
  output x
}
