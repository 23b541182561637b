# A linear scan of two states gets the channel-group walk
# (codegen/cpu/ScanTile.h, kMaxWalkStates), not the register tile that
# composes parts' maps (kMaxTileStates = 1): LinOSS-IM. Its map is
# constant along T ('c' in the scan's structure): the walk holds its
# entries once, its parts hold one value a step and are 64 steps long
# (the plan's walk_part_steps), and the constant part of its forcing (S dt^2, with the
# sigmoid's exp) is computed once per item, before the part's steps; no
# step of either branch (a part inside T, the clamped last part) or of
# the apply computes an exp again (the carry through a part whose map is
# not composed walks its steps from memory, coefficients and all).
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK-NOT: sl_scan_aggregate_1_onepass_tile
# CHECK: // sl_scan_aggregate_1_walk: {{.*}} each block in parts of 64 steps held in registers
# CHECK-NEXT: // u0 = %{{[0-9]+}} s (f32), u1 = %{{[0-9]+}} Ahat (f32), u2 = %{{[0-9]+}} bu (f32)
# CHECK-NEXT: __kernel void sl_scan_aggregate_1_walk(
# CHECK: __local float sluice_part_aggregates[1024 * 6];
# CHECK-NEXT: __local float sluice_part_carries[1024 * 2];
# CHECK: exp(
# CHECK: bool [[INSIDE:v[0-9]+]] = {{v[0-9]+}} <= ((sl_index)d1);
# CHECK: if ([[INSIDE]]) {
# CHECK-NOT: exp(
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NOT: exp(
# CHECK: #endif

model linoss_im {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}
