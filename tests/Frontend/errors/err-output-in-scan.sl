# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-in-scan.sl:10:5: error: 'output' is not allowed inside a scan block
# CHECK-NEXT: {{^}}    output h
# CHECK-NEXT: {{^}}    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t]
    output h
  }
  output x
}
