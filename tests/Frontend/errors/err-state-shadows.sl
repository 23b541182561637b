# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-shadows.sl:8:19: error: 'x' is defined twice (first at 7:9)
# CHECK-NEXT: {{^}}  scan t over T { x[t] = 1.0 }
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { x[t] = 1.0 }
  output x
}
