# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-brace.sl:8:17: error: expected '{' to open the scan block, found 'h'
# CHECK-NEXT: {{^}}  scan t over T h[t] = x[t]
# CHECK-NEXT: {{^}}                ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T h[t] = x[t]
  output x
}
