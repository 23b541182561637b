# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-local-as-dim.sl:10:22: error: 'a' is a tensor, not a dim
# CHECK-NEXT: {{^}}    h[t] = sum(x[t], a)
# CHECK-NEXT: {{^}}                     ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    let a = x[t]
    h[t] = sum(x[t], a)
  }
  output x
}
