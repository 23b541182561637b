# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-call.sl:9:18: error: only a name can be indexed with '[...]'
# CHECK-NEXT: {{^}}    h[t] = exp(x)[t]
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = exp(x)[t]
  }
  output x
}
