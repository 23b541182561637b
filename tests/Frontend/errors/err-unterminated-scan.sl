# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unterminated-scan.sl:10:1: error: expected '}' to close the scan block (opened at 8:17), found end of file
# (the error is at the end of the file: no source line is shown)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t]
