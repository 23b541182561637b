# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-compare-broadcast.sl:9:22: error: cannot broadcast [T, E] with [T, D]: dim E vs D
# CHECK-NEXT: {{^}}  output y = where(c > x, x, 0.0)
# CHECK-NEXT: {{^}}                     ^
model m {
  dims T, D, E
  input x : f32[T, D]
  input c : f32[T, E]
  output y = where(c > x, x, 0.0)
}
