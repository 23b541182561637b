# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-let-missing.sl:9:7: error: expected '[t]' after 'a' to define a state ('a[t] = ...'; per-step temporaries are written 'let a = ...'), found '='
# CHECK-NEXT: {{^}}    a = x[t]
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    a = x[t]
  }
  output x
}
