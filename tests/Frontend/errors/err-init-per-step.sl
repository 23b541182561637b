# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-per-step.sl:9:18: error: the init value of 'h' cannot read the per-step value 'x[t]' (an init is computed before the first step)
# CHECK-NEXT: {{^}}    init h[-1] = x[t]
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1] = x[t]
    h[t] = h[t-1] + x[t]
  }
  output x
}
