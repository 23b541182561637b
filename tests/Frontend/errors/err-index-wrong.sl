# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-wrong.sl:9:14: error: expected the scan index 't', found 's'
# CHECK-NEXT: {{^}}    h[t] = x[s]
# CHECK-NEXT: {{^}}             ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[s]
  }
  output x
}
