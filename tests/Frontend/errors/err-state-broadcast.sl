# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-broadcast.sl:11:10: error: state 'h': cannot broadcast [B, D] with [B, 4]: dim D vs 4
# CHECK-NEXT: {{^}}    init h[-1] = w
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[B, 4]
  scan t over T {
    h[t] = h[t-1] + x[t]
    init h[-1] = w
  }
  output x
}
