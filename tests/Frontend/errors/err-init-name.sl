# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-name.sl:9:10: error: expected a state name after 'init', found '['
# CHECK-NEXT: {{^}}    init [-1] = 0.0
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init [-1] = 0.0
  }
  output x
}
