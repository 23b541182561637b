# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-output-name.sl:8:10: error: expected an output name after 'output', found '1'
# CHECK-NEXT: {{^}}  output 1
# CHECK-NEXT: {{^}}         ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output 1
}
