# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-where-broadcast.sl:9:14: error: cannot broadcast [T, D] with [T, E]: dim D vs E
# CHECK-NEXT: {{^}}  output y = where(c > 0.0, x, 0.0)
# CHECK-NEXT: {{^}}             ^
model m {
  dims T, D, E
  input x : f32[T, D]
  input c : f32[T, E]
  output y = where(c > 0.0, x, 0.0)
}
