# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-twice.sl:9:16: error: only a name can be indexed with '[...]'
# CHECK-NEXT: {{^}}    h[t] = x[t][t]
# CHECK-NEXT: {{^}}               ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t][t]
  }
  output x
}
