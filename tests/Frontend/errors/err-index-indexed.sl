# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-indexed.sl:9:21: error: the scan index 't' cannot be indexed
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + t[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = h[t-1] + t[t]
  }
  output x
}
