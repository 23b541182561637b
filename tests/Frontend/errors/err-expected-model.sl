# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-expected-model.sl:5:1: error: expected 'model', found 'modle'
# CHECK-NEXT: {{^}}modle m {
# CHECK-NEXT: {{^}}^
modle m {
}
