# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unterminated-model.sl:9:1: error: expected '}' to close model 'm' (opened at 5:9), found end of file
# (the error is at the end of the file: no source line is shown)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
