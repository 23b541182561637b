# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-model-name.sl:5:7: error: expected a model name after 'model', found '{'
# CHECK-NEXT: {{^}}model {
# CHECK-NEXT: {{^}}      ^
model {
}
