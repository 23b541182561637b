# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-per-step-let.sl:11:18: error: the init value of 'h' cannot read the per-step value 'a' (an init is computed before the first step)
# CHECK-NEXT: {{^}}    init h[-1] = a
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    let a = x[t]
    h[t] = h[t-1] + a
    init h[-1] = a
  }
  output x
}
