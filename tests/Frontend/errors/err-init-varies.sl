# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# An init given a value that has the scan's dim: not "write x[t]" (which an
# init cannot read either) but what an init may be.
# CHECK: err-init-varies.sl:11:18: error: the init value of 'h' cannot read 'x', which varies over T (an init is computed before the first step: give it the state's shape without T)
# CHECK-NEXT: {{^}}    init h[-1] = x
# CHECK-NEXT: {{^}}                 ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1] = x
    h[t] = h[t-1] + x[t]
  }
  output x
}
