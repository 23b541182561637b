# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-init-close.sl:9:15: error: expected ']' or ':' after 'init h[-1', found '='
# CHECK-NEXT: {{^}}    init h[-1 = 0.0
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1 = 0.0
  }
  output x
}
