# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-positional-after-keyword.sl:8:35: error: positional argument after keyword argument 'reverse'
# CHECK-NEXT: {{^}}  let a = cumsum(x, reverse=true, T)
# CHECK-NEXT: {{^}}                                  ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = cumsum(x, reverse=true, T)
  output x
}
