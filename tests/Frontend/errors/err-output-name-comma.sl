# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-name-comma.sl:8:13: error: expected an output name after ',', found '='
# CHECK-NEXT: {{^}}  output x, = x
# CHECK-NEXT: {{^}}            ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x, = x
}
