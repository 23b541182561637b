# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-statement.sl:9:5: error: expected a scan block statement (let, init or 'h[t] = ...'), found '('
# CHECK-NEXT: {{^}}    (h)[t] = x[t]
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    (h)[t] = x[t]
  }
  output x
}
