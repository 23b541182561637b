# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-lacks-dim.sl:10:21: error: 'w' [D] does not vary over T, so it cannot be indexed; write w
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + w[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  scan t over T {
    h[t] = h[t-1] + w[t]
  }
  output x
}
