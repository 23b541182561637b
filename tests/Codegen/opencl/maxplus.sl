# A max-plus scan h[t] = max(h[t-1] + a[t], b[t]): arith.maximumf as the
# NaN-propagating helper, in the channel-parallel kernel and the look-back
# kernels (the carry tree's too); last(h) as its own kernel. Kernels print in the order the plan
# builder made them, deferred or not.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK: float sl_maximum_f32(float a, float b) {
# CHECK-LABEL: // sl_scan_channels_0 (
# T in blocks of 16 steps: their coefficients and forcings first, then the
# chain from them; the steps after the last block one by one, asking to be
# unrolled.
# CHECK: for (sl_index [[BLK:v[0-9]+]] = 0; [[BLK]] < v{{[0-9]+}}; [[BLK]] += 1) {
# CHECK: #pragma unroll
# CHECK: = b0[v{{[0-9]+}}];
# CHECK: = b1[v{{[0-9]+}}];
# CHECK: #pragma unroll
# CHECK: float [[A:v[0-9]+]] = [[STAGE:v[0-9]+]][{{v[0-9]+}}];
# CHECK: float [[B:v[0-9]+]] = [[STAGE]][{{v[0-9]+}}];
# CHECK-NEXT: float [[S:v[0-9]+]] = [[A]] + [[H:v[0-9]+]];
# CHECK-NEXT: float [[M:v[0-9]+]] = sl_maximum_f32([[S]], [[B]]);
# CHECK: b2[v{{[0-9]+}}] = [[M]];
# CHECK: SLUICE_STEP_LOOP
# CHECK-NEXT: for (sl_index [[T:v[0-9]+]] = v{{[0-9]+}}; [[T]] < ((sl_index)d1); [[T]] += 1) {
# CHECK: float [[A2:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK: float [[B2:v[0-9]+]] = b1[v{{[0-9]+}}];
# CHECK-NEXT: float [[S2:v[0-9]+]] = [[A2]] + [[H2:v[0-9]+]];
# CHECK-NEXT: float [[M2:v[0-9]+]] = sl_maximum_f32([[S2]], [[B2]]);
# CHECK: b2[v{{[0-9]+}}] = [[M2]];
# CHECK-LABEL: // sl_scan_aggregate_1 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_scan_carry_2 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_scan_apply_3 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_scan_tree_compose_4 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_scan_tree_top_5 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_scan_tree_expand_6 (
# CHECK: sl_maximum_f32(
# CHECK-LABEL: // sl_last_13 (
# CHECK: __kernel void sl_last_13(__global const float *restrict b0,

model maxplus {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T {
    h[t] = max(h[t-1] + a[t], b[t])
  }
  output h, best = last(h)
}
