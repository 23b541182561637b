# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dims-comma.sl:6:10: error: expected a dim name after ',', found end of file
# CHECK-NEXT: {{^}}  dims B,
# CHECK-NEXT: {{^}}         ^
model m {
  dims B,