# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-input-name.sl:8:9: error: expected a name after 'input', found ':'
# CHECK-NEXT: {{^}}  input : f32
# CHECK-NEXT: {{^}}        ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input : f32
  output x
}
