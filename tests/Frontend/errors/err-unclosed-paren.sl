# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-unclosed-paren.sl:10:19: error: expected ')' to close the '(' at 10:11, found end of file
# CHECK-NEXT: {{^}}  let a = (x + 1.0{{$}}
# CHECK-NEXT: {{^}}                  ^{{$}}
# (the end of the file is shown just past the last token)
#
model m {
  dims B, T, D
  input x : f32[B, T, D]
  let a = (x + 1.0
