# The row one-pass kernel of a linear scan's Lookback step
# (runtime/opencl/KernelAbi.h, AGG_onepass_rows; codegen/cpu/ScanTileRows.cpp):
# printed under SLUICE_ONEPASS_ROWS, the one pass's parameters, local
# arrays for the parts' maps, the look-back's window of maps and the
# staged steps (two rows of coefficients, padded); tiles from a ticket, one
# channel each; the coefficients staged by consecutive work-items at
# consecutive steps (the identity past T), a barrier, the part's runs from
# the local array; the parts' maps scanned by a tree in two levels (warps
# of 32 exchanging maps by shuffles or local memory, then the warps' maps);
# the aggregate fenced by its writer only, the look-back
# (a flag per work-item at once), the carry-out fenced by work-item 0 and flagged;
# the results into the local array and from there to memory at
# consecutive steps, inside T only.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# The lane exchange: a PTX shuffle under SLUICE_PTX_SHUFFLE, else local
# memory and barriers.
# CHECK: #ifdef SLUICE_PTX_SHUFFLE
# CHECK: asm volatile("shfl.sync.up.b32 %0, %1, %2, 0, %3;"
# CHECK: #define SLUICE_LANE_UP(value, distance, place) \
# CHECK-NEXT: sl_shuffle_up((value), (uint)(distance), sl_lane_mask)
# CHECK-NEXT: #else
# CHECK-NEXT: #define SLUICE_LANE_PUT(place, value) ((place) = (value))
# CHECK-NEXT: #define SLUICE_LANE_SYNC() barrier(CLK_LOCAL_MEM_FENCE)
# CHECK-NEXT: #define SLUICE_LANE_UP(value, distance, place) (place)
# CHECK-NEXT: #endif
# CHECK: #ifdef SLUICE_ONEPASS_ROWS
# CHECK-NEXT: // sl_scan_aggregate_1_onepass_rows: look-back step 'scan_lookback' in one pass, one channel a tile, each block in parts of 16 steps, one work-item each, staged at consecutive steps in local memory (sl_scan_aggregate_1_tile_rows; KernelAbi.h)
# CHECK-NEXT: // u0 = %1 alpha (f32), u1 = %0 x (f32), u2 = %3 scan_lane_aggregates (f32), u3 = %4 scan_block_carries (f32), u4 = %2 scan (f32)
# CHECK-NEXT: __kernel void sl_scan_aggregate_1_onepass_rows(__global const float *restrict u0,
# CHECK-NEXT: __global const float *restrict u1,
# CHECK-NEXT: __global volatile float *u2,
# CHECK-NEXT: __global volatile float *u3,
# CHECK-NEXT: __global float *restrict u4,
# CHECK-NEXT: long d0, long d1, long d2, long d3, long d4,
# CHECK-NEXT: long blocks, long items, long subBlocks,
# CHECK-NEXT: __global volatile int *flags,
# CHECK-NEXT: __global volatile int *ticket, int epoch,
# CHECK-NEXT: __global volatile int *status) {
# CHECK: __local float sluice_part_aggregates[256 * 2];
# CHECK-NEXT: __local float sluice_window_aggregates[256 * 2];
# CHECK-NEXT: __local float sluice_stage[2 * 4224];
# CHECK: __local float sluice_lane_exchange[256 * 2];
# CHECK: long parts = subBlocks, part = l, span = 1;
# CHECK: long sl_warp_lanes = min(parts - (l & ~31L), 32L);
# CHECK: while ((1L << rounds) < parts)
# CHECK: tileOfGroup = atomic_inc(ticket);
# CHECK: long block = tile / items;
# CHECK-NEXT: long channel = tile - block * items;
# The staging: step j * parts + part, clamped to T's last, the identity
# past T.
# CHECK: SLUICE_ROWS_STEP_LOOP
# CHECK-NEXT: for (sl_index [[J:v[0-9]+]] = 0; [[J]] < 16; [[J]] += 1) {
# CHECK-NEXT: sl_index [[T:v[0-9]+]] = [[J]] * ((sl_index)(parts));
# CHECK-NEXT: sl_index [[U:v[0-9]+]] = [[T]] + ((sl_index)(part));
# CHECK: min(
# CHECK: float [[X:v[0-9]+]] = u1[
# CHECK: ? {{v[0-9]+}} : 1.0f;
# CHECK: sluice_stage[
# CHECK: ? {{v[0-9]+}} : 0.0f;
# CHECK: sluice_stage[
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# The part's runs from the local array.
# CHECK: SLUICE_ROWS_STEP_LOOP
# CHECK: = sluice_stage[
# The tree over the parts, in two levels: within a warp of 32, rounds of
# distance 1, 2, 4, ... (at most 5) exchanging maps by the lane macros (a
# shuffle, or local memory and barriers); then the warps' maps from local
# memory, three barriers, each slot's map stored.
# CHECK: = ((sl_index)(part)) & 31;
# CHECK-NEXT: = ((sl_index)(part)) / 32;
# CHECK-NEXT: [[ROUNDS:v[0-9]+]] = min(((sl_index)(rounds)), (sl_index)5);
# CHECK: for (sl_index [[R:v[0-9]+]] = 0; [[R]] < [[ROUNDS]]; [[R]] += 1) {
# CHECK: << [[R]]
# CHECK: SLUICE_LANE_PUT(sluice_lane_exchange[{{v[0-9]+}}], {{v[0-9]+}});
# CHECK: SLUICE_LANE_SYNC();
# CHECK: = SLUICE_LANE_UP({{v[0-9]+}}, {{v[0-9]+}}, sluice_lane_exchange[{{v[0-9]+}}]);
# CHECK: SLUICE_LANE_SYNC();
# CHECK: == 31;
# CHECK: sluice_part_aggregates[
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: = sluice_part_aggregates[
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: sluice_part_aggregates[
# CHECK-NEXT: sl_index
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# The aggregate: stored by the last part, fenced by it alone.
# CHECK: u2[
# CHECK: if (l == parts - 1)
# CHECK-NEXT: SLUICE_DEVICE_FENCE();
# CHECK-NEXT: barrier(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: atomic_xchg(&flags[tile], aggregateReady);
# The look-back reads a flag per work-item at once; the nearest that is
# not an aggregate's is found by a local atomic_min.
# CHECK: int flag = back >= 0 ? flags[back * items + channel] : carryReady;
# CHECK: atomic_min(&firstStop, (int)l);
# CHECK: *status = 1;
# The carry into the block from the found carry-out (or the init), through
# windows of the passed blocks' aggregates, composed by the same tree.
# CHECK: = u3[
# CHECK: = u2[
# CHECK: sluice_window_aggregates[
# The carry-out, then its flag.
# CHECK: u3[
# CHECK: if (l == 0) {
# CHECK-NEXT: SLUICE_DEVICE_FENCE();
# CHECK-NEXT: atomic_xchg(&flags[tile], carryReady);
# The results: into the local array, a barrier, to memory inside T.
# CHECK: SLUICE_ROWS_STEP_LOOP
# CHECK: sluice_stage[{{v[0-9]+}}] =
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: SLUICE_ROWS_STEP_LOOP
# CHECK: < ((sl_index)d1);
# CHECK: u4[{{v[0-9]+}}] = {{v[0-9]+}};
# CHECK: #endif

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
