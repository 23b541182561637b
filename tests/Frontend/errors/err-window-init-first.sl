# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-window-init-first.sl:10:19: error: init s[-2:]: the value [B, 2] must hold the 2 steps along its first dim (this block reads no tensor at [t], so s has T first), which is B, not 2
# CHECK-NEXT: {{^}}    init s[-2:] = s0
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T
  input y : f32[B, T]
  input s0 : f32[B, 2]
  scan t over T {
    init s[-2:] = s0
    s[t] = 0.5 * s[t-2] + 1.0
  }
  output s
}
