# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-inf-as-name.sl:8:7: error: expected a name after 'let', found 'inf'
# CHECK-NEXT: {{^}}  let inf = x
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let inf = x
  output x
}
