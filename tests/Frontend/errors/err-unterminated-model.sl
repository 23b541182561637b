# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unterminated-model.sl:10:11: error: expected '}' to close model 'm' (opened at 7:9), found end of file
# CHECK-NEXT: {{^}}  output x{{$}}
# CHECK-NEXT: {{^}}          ^{{$}}
# (the end of the file is shown just past the last token)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  output x
