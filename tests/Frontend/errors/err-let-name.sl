# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-let-name.sl:8:7: error: expected a name after 'let', found '='
# CHECK-NEXT: {{^}}  let = x
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let = x
  output x
}
