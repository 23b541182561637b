# A dim is a value (its size) only if an input or param has it; an indexed
# dim (err-index-dim-tensor.sl) and an output of a bare dim (err-output-dim.sl)
# stay errors.
# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dim-value-no-size.sl:11:15: error: dim 'Q' has no size to use as a value: no input or param has it
# CHECK-NEXT: {{^}}  let a = x * Q
# CHECK-NEXT: {{^}}              ^
model m {
  dims B, T, D, Q
  input x : f32[B, T, D]
  let a = x * Q
  output a
}
