# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-dim-unbound.sl:7:15: error: dim 'N' is not a dim of any input or param, so its size is unknown
# CHECK-NEXT: {{^}}  scan t over N { h[t] = h[t-1] + 1.0 }
# CHECK-NEXT: {{^}}              ^
model m {
  dims N
  scan t over N { h[t] = h[t-1] + 1.0 }
  output h
}
