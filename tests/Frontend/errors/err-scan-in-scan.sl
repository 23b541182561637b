# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-in-scan.sl:9:5: error: 'scan' is not allowed inside a scan block
# CHECK-NEXT: {{^}}    scan s over T { h[s] = x[s] }
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    scan s over T { h[s] = x[s] }
  }
  output x
}
