# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-let-later.sl:9:12: error: 'a' is used before its definition (at 10:9)
# CHECK-NEXT: {{^}}    h[t] = a
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = a
    let a = x[t]
  }
  output x
}
