# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-state-index-name.sl:8:19: error: 't' is the index of this scan block
# CHECK-NEXT: {{^}}  scan t over T { t[t] = x[t] }
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { t[t] = x[t] }
  output x
}
