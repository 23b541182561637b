# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-index-defined.sl:8:8: error: scan index 'x' is already defined (at 7:9)
# CHECK-NEXT: {{^}}  scan x over T { h[x] = 1.0 }
# CHECK-NEXT: {{^}}       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan x over T { h[x] = 1.0 }
  output x
}
