# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-index-dim-twice.sl:10:21: error: 'y' [T, T] has dim T more than once, so y[t] is ambiguous
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + y[t]
# CHECK-NEXT: {{^}}                    ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f32[T, T]
  scan t over T {
    h[t] = h[t-1] + y[t]
  }
  output x
}
