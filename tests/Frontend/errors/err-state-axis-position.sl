# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-axis-position.sl:12:5: error: state 'b' [T, D] has 'T' at a different position, counted from the end, than state 'a' [T]; give the states of one scan block the same trailing dims
# CHECK-NEXT: {{^}}    b[t] = b[t-1] * 0.9 + w
# CHECK-NEXT: {{^}}    ^
model e1 {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  scan t over T {
    # 'a' has no trailing dims, 'b' has D: one recurrence cannot hold both
    a[t] = 0.5 * a[t-1] + 1.0
    b[t] = b[t-1] * 0.9 + w
  }
  output a, b
}
