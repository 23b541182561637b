# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unterminated-scan.sl:11:16: error: expected '}' to close the scan block (opened at 10:17), found end of file
# CHECK-NEXT: {{^}}    h[t] = x[t]{{$}}
# CHECK-NEXT: {{^}}               ^{{$}}
# (the end of the file is shown just past the last token)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = x[t]
