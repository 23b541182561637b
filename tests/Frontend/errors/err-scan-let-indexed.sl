# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-scan-let-indexed.sl:10:12: error: 'a' is a per-step temporary of this scan block: use it without '[...]'
# CHECK-NEXT: {{^}}    h[t] = a[t]
# CHECK-NEXT: {{^}}           ^
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    let a = x[t]
    h[t] = a[t]
  }
  output x
}
