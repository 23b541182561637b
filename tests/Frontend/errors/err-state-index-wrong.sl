# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-index-wrong.sl:9:7: error: expected the scan index 't', found 's'
# CHECK-NEXT: {{^}}    h[s] = x[t]
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[s] = x[t]
  }
  output x
}
