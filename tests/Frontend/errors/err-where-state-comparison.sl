# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-state-comparison.sl:9:26: error: a comparison ('>') is a condition, not a number: it can only be the first argument of where(cond, a, b); write where(cond, 1.0, 0.0) for 1 where it holds and 0 elsewhere
# CHECK-NEXT: {{^}}    h[t] = h[t-1] + x[t] > 1.0
# CHECK-NEXT: {{^}}                         ^
model m {
  dims T
  input x : f32[T]
  scan t over T {
    h[t] = h[t-1] + x[t] > 1.0
  }
  output h
}
