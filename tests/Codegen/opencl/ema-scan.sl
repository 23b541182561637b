# A linear scan: the channel-parallel kernel (one work item walks T for its
# channel, the state in a loop variable) and the look-back scan's deferred aggregate / carry / apply
# kernels, whose state loops carry values (iter_args) and whose branches
# yield them (scf.if with results).
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK-LABEL: // sl_scan_channels_0 ({{.*}}ema-scan.sl:{{[0-9]+}}:3)
# CHECK-NEXT: // b0 = %1 alpha (f32), b1 = %0 x (f32), b2 = %2 scan (f32); d0 = B, d1 = T, d2 = D
# The state is carried by the loop over T (TargetInfo::channelStateInRegisters):
# never read back from b2. The coefficient parts that do not change along T
# (the decay 1 - alpha, alpha) are computed once per channel, before the walk.
# CHECK: float [[A0:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: float [[DECAY:v[0-9]+]] = 1.0f - [[A0]];
# CHECK: float [[A:v[0-9]+]] = b0[v{{[0-9]+}}];
# T in blocks of 16 steps (TargetInfo::stagedWalkSteps): first every step's
# coefficient and forcing into a private array (the loads in flight
# together), then the chain from it.
# CHECK-NEXT: sl_index [[FULL:v[0-9]+]] = ((sl_index)d1) / 16;
# CHECK-NEXT: float [[INIT:v[0-9]+]] = 0.0f;
# CHECK-NEXT: for (sl_index [[BLK:v[0-9]+]] = 0; [[BLK]] < [[FULL]]; [[BLK]] += 1) {
# CHECK-NEXT: sl_index {{v[0-9]+}} = [[BLK]] * 16;
# CHECK-NEXT: #pragma unroll
# CHECK-NEXT: for (sl_index [[J:v[0-9]+]] = 0; [[J]] < 16; [[J]] += 1) {
# CHECK-NOT: = b0[
# CHECK: [[STAGE:v[0-9]+]][{{v[0-9]+}}] = [[DECAY]];
# CHECK: float [[X:v[0-9]+]] = b1[v{{[0-9]+}}];
# CHECK-NEXT: float [[AX:v[0-9]+]] = [[A]] * [[X]];
# CHECK: [[STAGE]][{{v[0-9]+}}] = [[AX]];
# CHECK-NEXT: }
# CHECK-NEXT: float [[PREV:v[0-9]+]] = [[INIT]];
# CHECK-NEXT: #pragma unroll
# CHECK-NEXT: for (sl_index [[J2:v[0-9]+]] = 0; [[J2]] < 16; [[J2]] += 1) {
# CHECK-NOT: = b{{[0-9]}}[
# CHECK: float [[D:v[0-9]+]] = [[STAGE]][{{v[0-9]+}}];
# CHECK-NOT: = b{{[0-9]}}[
# CHECK: float [[F:v[0-9]+]] = [[STAGE]][{{v[0-9]+}}];
# CHECK-NEXT: float [[DH:v[0-9]+]] = [[D]] * [[PREV]];
# CHECK-NEXT: float [[H:v[0-9]+]] = [[DH]] + [[F]];
# CHECK: b2[v{{[0-9]+}}] = [[H]];
# CHECK-NEXT: [[PREV]] = [[H]];
# The steps after the last full block, one by one; the walk asks to be
# unrolled (its loads in flight together).
# CHECK: SLUICE_STEP_LOOP
# CHECK-NEXT: for (sl_index [[T:v[0-9]+]] = v{{[0-9]+}}; [[T]] < ((sl_index)d1); [[T]] += 1) {
# CHECK-NOT: = b0[
# CHECK: float [[X2:v[0-9]+]] = b1[v{{[0-9]+}}];
# CHECK-NEXT: float [[AX2:v[0-9]+]] = [[A]] * [[X2]];
# CHECK-NEXT: float [[DH2:v[0-9]+]] = [[DECAY]] * [[PREV2:v[0-9]+]];
# CHECK-NEXT: float [[H2:v[0-9]+]] = [[DH2]] + [[AX2]];
# CHECK: b2[v{{[0-9]+}}] = [[H2]];
# CHECK-NEXT: [[PREV2]] = [[H2]];
# CHECK-NOT: = b2[
# CHECK-LABEL: // sl_scan_aggregate_1 (
# CHECK-NEXT: // b0 = %1 alpha (f32), b1 = %0 x (f32), b2 = %3 scan_lane_aggregates (f32); d0 = B, d1 = T, d2 = D
# CHECK: __kernel void sl_scan_aggregate_1(

# The carry kernel: a carried state through a loop, and a branch with a result.
# CHECK-LABEL: // sl_scan_carry_2 (
# CHECK-NEXT: // b0 = %1 alpha (f32), b1 = %0 x (f32), b2 = %3 scan_lane_aggregates (f32), b3 = %4 scan_block_carries (f32); d0 = B, d1 = T, d2 = D
# CHECK: float [[RESULT:v[0-9]+]];
# CHECK-NEXT: if ([[COND:v[0-9]+]]) {
# CHECK: float [[STATE:v[0-9]+]] = [[INIT:v[0-9]+]];
# CHECK-NEXT: for (sl_index [[I:v[0-9]+]] = 0; [[I]] < v{{[0-9]+}}; [[I]] += 1) {
# CHECK: float [[NEXT:v[0-9]+]] = v{{[0-9]+}} * [[STATE]];
# CHECK: [[STATE]] = v{{[0-9]+}};
# CHECK-NEXT: }
# CHECK-NEXT: [[RESULT]] = [[STATE]];
# CHECK-NEXT: } else {
# CHECK: [[RESULT]] = v{{[0-9]+}};
# CHECK-NEXT: }

# CHECK-LABEL: // sl_scan_apply_3 (
# CHECK-NEXT: // b0 = %1 alpha (f32), b1 = %0 x (f32), b2 = %3 scan_lane_aggregates (f32), b3 = %4 scan_block_carries (f32), b4 = %2 scan (f32); d0 = B, d1 = T, d2 = D
# CHECK: __kernel void sl_scan_apply_3(

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
