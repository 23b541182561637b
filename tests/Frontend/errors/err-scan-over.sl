# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-over.sl:8:10: error: expected 'over' after the scan index 't', found 'T'
# CHECK-NEXT: {{^}}  scan t T { h[t] = x[t] }
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t T { h[t] = x[t] }
  output x
}
