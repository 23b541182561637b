# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-outside-scan.sl:8:3: error: a state definition 'h[...] = ...' is only allowed inside a scan block
# CHECK-NEXT: {{^}}  h[t] = x
# CHECK-NEXT: {{^}}  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  h[t] = x
  output x
}
