# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-last-local.sl:10:17: error: 'last' takes a scan state; 'a' is local to this scan block
# CHECK-NEXT: {{^}}    h[t] = last(a)
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    let a = x[t]
    h[t] = last(a)
  }
  output x
}
