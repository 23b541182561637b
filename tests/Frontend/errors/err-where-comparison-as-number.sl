# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-comparison-as-number.sl:8:17: error: a comparison ('>') is a condition, not a number: it can only be the first argument of where(cond, a, b); write where(cond, 1.0, 0.0) for 1 where it holds and 0 elsewhere
# CHECK-NEXT: {{^}}  output y = (x > 0.0) * x
# CHECK-NEXT: {{^}}                ^
model m {
  dims T
  input x : f32[T]
  output y = (x > 0.0) * x
}
