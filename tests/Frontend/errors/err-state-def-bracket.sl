# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-def-bracket.sl:9:8: error: expected ']' after 'h[t', found ')'
# CHECK-NEXT: {{^}}    h[t) = x[t]
# CHECK-NEXT: {{^}}       ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t) = x[t]
  }
  output x
}
