# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-missing.sl:9:14: error: expected the scan index 't' inside '[ ]', found '0'
# CHECK-NEXT: {{^}}    h[t] = x[0]
# CHECK-NEXT: {{^}}             ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[0]
  }
  output x
}
