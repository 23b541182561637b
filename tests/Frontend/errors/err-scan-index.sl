# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-index.sl:8:8: error: expected an index name after 'scan', found 'over'
# CHECK-NEXT: {{^}}  scan over T { h[t] = x[t] }
# CHECK-NEXT: {{^}}       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan over T { h[t] = x[t] }
  output x
}
