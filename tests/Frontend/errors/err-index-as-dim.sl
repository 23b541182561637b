# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-as-dim.sl:9:22: error: 't' is the scan index, not a dim
# CHECK-NEXT: {{^}}    h[t] = sum(x[t], t)
# CHECK-NEXT: {{^}}                     ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = sum(x[t], t)
  }
  output x
}
