# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-scan-broadcast.sl:10:12: error: cannot broadcast [D] with [E]: dim D vs E
# CHECK-NEXT: {{^}}    h[t] = where(r[t] > 0.5, x[t], 0.9 * h[t-1] + x[t])
# CHECK-NEXT: {{^}}           ^
model m {
  dims T, D, E
  input x : f32[T, D]
  input r : f32[T, E]
  scan t over T {
    h[t] = where(r[t] > 0.5, x[t], 0.9 * h[t-1] + x[t])
  }
  output h
}
