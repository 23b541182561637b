# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-non-name.sl:9:21: error: only a name can be indexed with '[...]'
# CHECK-NEXT: {{^}}    h[t] = (x + 1.0)[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = (x + 1.0)[t]
  }
  output x
}
