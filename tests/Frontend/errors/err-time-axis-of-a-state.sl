# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# A state of a block that reads no tensor at [k] has its scan dim first; read
# next to a tensor with it last, the error says why, at the state.
# CHECK: err-time-axis-of-a-state.sl:16:42: error: 'z' [B, T] has T at a different position, counted from the end, than 'P' [T, B]
# CHECK-NEXT: {{^}}  scan k over T { m[k] = P[k] * m[k-1] + z[k] }
# CHECK: err-time-axis-of-a-state.sl:14:5: note: state 'P' is [T, B] because of where its scan dim goes: one step of P is [B], and T goes first, as the block reads no tensor at [k]; to put T elsewhere, read in that block a tensor at [k] that has it there (e.g. add 0.0 * x[k] for an input x)
model kalman_gain {
  dims B, T
  input z : f32[B, T]
  param p0 : f32[B]
  # The variance recursion does not read the data.
  scan k over T {
    init P[-1] = p0
    P[k] = 0.5 * P[k-1] + 1.0
  }
  scan k over T { m[k] = P[k] * m[k-1] + z[k] }
  output m
}
