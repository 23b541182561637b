# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unclosed-paren.sl:9:1: error: expected ')' to close the '(' at 8:11, found end of file
# (the error is at the end of the file: no source line is shown)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = (x + 1.0
