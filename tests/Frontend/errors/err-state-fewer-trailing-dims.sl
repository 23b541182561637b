# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-state-fewer-trailing-dims.sl:9:19: error: state 'h' has one step of shape [B], fewer dims than follow 'T' in the tensors its block reads at [t] (2); one block runs as one recurrence, so its states need those trailing dims too
# CHECK-NEXT: {{^}}  scan t over T { h[t] = 0.5 * h[t-1] + sum(x[t], D) }
# CHECK-NEXT: {{^}}                  ^
model m {
  dims B, T, D
  input x : f32[T, B, D]
  # x[t] is [B, D] with T first; the state would be [B]: T cannot sit 2 dims from its end
  scan t over T { h[t] = 0.5 * h[t-1] + sum(x[t], D) }
  output h
}
