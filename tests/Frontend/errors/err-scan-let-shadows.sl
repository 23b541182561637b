# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-let-shadows.sl:10:9: error: 'a' is defined twice (first at 8:7)
# CHECK-NEXT: {{^}}    let a = x[t]
# CHECK-NEXT: {{^}}        ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = 1.0
  scan t over T {
    let a = x[t]
    h[t] = a
  }
  output x
}
