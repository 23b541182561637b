# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-dims-name.sl:6:8: error: expected a dim name after 'dims', found '4'
# CHECK-NEXT: {{^}}  dims 4
# CHECK-NEXT: {{^}}       ^
model m {
  dims 4
}
