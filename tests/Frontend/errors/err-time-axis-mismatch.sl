# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-time-axis-mismatch.sl:10:19: error: 'y' [T, B, D] has T at a different position, counted from the end, than 'x' [B, T, D]
# CHECK-NEXT: {{^}}    h[t] = x[t] + y[t]
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f32[T, B, D]
  scan t over T {
    h[t] = x[t] + y[t]
  }
  output x
}
