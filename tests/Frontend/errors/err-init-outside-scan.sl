# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-outside-scan.sl:8:3: error: 'init' is only allowed inside a scan block
# CHECK-NEXT: {{^}}  init h[-1] = 0.0
# CHECK-NEXT: {{^}}  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  init h[-1] = 0.0
  output x
}
