# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-dim.sl:8:15: error: expected a dim name after 'over', found '{'
# CHECK-NEXT: {{^}}  scan t over { h[t] = x[t] }
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over { h[t] = x[t] }
  output x
}
