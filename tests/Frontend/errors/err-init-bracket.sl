# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-bracket.sl:9:12: error: expected '[' after 'init h', found '='
# CHECK-NEXT: {{^}}    init h = 0.0
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h = 0.0
  }
  output x
}
