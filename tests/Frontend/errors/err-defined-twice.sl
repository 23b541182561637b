# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-defined-twice.sl:8:7: error: 'x' is defined twice (first at 7:9)
# CHECK-NEXT: {{^}}  let x = 1.0
# CHECK-NEXT: {{^}}      ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let x = 1.0
  output x
}
