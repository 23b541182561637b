# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-model-brace.sl:6:3: error: expected '{' after the model name, found 'dims'
# CHECK-NEXT: {{^}}  dims B
# CHECK-NEXT: {{^}}  ^
model m
  dims B
}
