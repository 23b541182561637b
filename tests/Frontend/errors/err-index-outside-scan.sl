# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-outside-scan.sl:8:12: error: 'x[...]' reads one step of a scan: time indexing is only allowed inside a scan block
# CHECK-NEXT: {{^}}  let a = x[t]
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = x[t]
  output x
}
