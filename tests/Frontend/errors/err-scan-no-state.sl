# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-no-state.sl:8:3: error: scan block has no state (define one with 'h[t] = ...')
# CHECK-NEXT: {{^}}  scan t over T { let a = x[t] }
# CHECK-NEXT: {{^}}  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { let a = x[t] }
  output x
}
