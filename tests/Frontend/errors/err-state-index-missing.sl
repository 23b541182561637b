# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-index-missing.sl:9:7: error: expected the scan index 't' in 'h[t]', found '0'
# CHECK-NEXT: {{^}}    h[0] = x[t]
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[0] = x[t]
  }
  output x
}
