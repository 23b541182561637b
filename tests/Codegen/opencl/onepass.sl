# The single-pass look-back kernel of a linear scan's Lookback step
# (runtime/opencl/KernelAbi.h): the three kernels as `_items` functions (the
# carry's aggregate and carry buffers volatile: another work-group wrote
# them), their __kernels calling them, and `_onepass` over the union of the
# steps' buffers (not the carry tree's; d3 is the run-time chunk, d4 the tree's
# fanout): work-groups
# looping over tiles from a ticket, each tile's aggregate, its decoupled
# look-back (a window of flags at a time, bounded), its carries, a fence and barrier before each flag,
# the apply.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# Loops along T ask to be unrolled, by 8 unless -DSLUICE_STEP_UNROLL says;
# the row one pass's by 4 unless -DSLUICE_ROWS_STEP_UNROLL or
# -DSLUICE_STEP_UNROLL says.
# CHECK: #ifndef SLUICE_ROWS_STEP_UNROLL
# CHECK-NEXT: #ifdef SLUICE_STEP_UNROLL
# CHECK-NEXT: #define SLUICE_ROWS_STEP_UNROLL SLUICE_STEP_UNROLL
# CHECK-NEXT: #else
# CHECK-NEXT: #define SLUICE_ROWS_STEP_UNROLL 4
# CHECK: #ifndef SLUICE_STEP_UNROLL
# CHECK-NEXT: #define SLUICE_STEP_UNROLL 8
# CHECK: #define SLUICE_STEP_LOOP SLUICE_UNROLL(SLUICE_STEP_UNROLL)
# CHECK: #define SLUICE_ROWS_STEP_LOOP SLUICE_UNROLL(SLUICE_ROWS_STEP_UNROLL)
# CHECK: #ifndef SLUICE_LOOKBACK_SPIN_LIMIT
# CHECK-NEXT: #define SLUICE_LOOKBACK_SPIN_LIMIT (1L << 26)
# CHECK-NEXT: #endif
# The flags' fences are device-wide: PTX membar.gl on NVIDIA (whose
# mem_fence is membar.cta).
# CHECK: #ifndef SLUICE_DEVICE_FENCE
# CHECK-NEXT: #ifdef cl_nv_pragma_unroll
# CHECK-NEXT: #define SLUICE_DEVICE_FENCE() \
# CHECK-NEXT: do { mem_fence(CLK_GLOBAL_MEM_FENCE); asm volatile("membar.gl;" ::: "memory"); } while (0)
# CHECK-NEXT: #else
# CHECK-NEXT: #define SLUICE_DEVICE_FENCE() mem_fence(CLK_GLOBAL_MEM_FENCE)

# CHECK-LABEL: // sl_scan_aggregate_1 (
# CHECK: static void sl_scan_aggregate_1_items(sl_index begin, sl_index end,
# CHECK-NEXT: __global const float *b0,
# CHECK-NEXT: __global const float *b1,
# CHECK-NEXT: __global float *b2,
# CHECK-NEXT: sl_index d0, sl_index d1, sl_index d2, sl_index d3, sl_index d4) {
# CHECK: __kernel void sl_scan_aggregate_1(__global const float *restrict b0,
# CHECK: sl_scan_aggregate_1_items(begin, end, b0, b1, b2, d0, d1, d2, d3, d4);
# The row-order kernel: a work-item an item, consecutive work-items on
# consecutive blocks of one channel (32-bit index arithmetic where the
# program is built with it).
# CHECK: // sl_scan_aggregate_1_rows: sl_scan_aggregate_1's items in row order
# CHECK: __kernel void sl_scan_aggregate_1_rows(__global const float *restrict b0,
# CHECK: long first, long count, long blocks, long channels) {
# CHECK-NEXT: long g = first + get_global_id(0);
# CHECK-NEXT: if (g >= count)
# CHECK-NEXT: return;
# CHECK-NEXT: sl_index row = (sl_index)g / (sl_index)blocks;
# CHECK-NEXT: sl_index item = ((sl_index)g - row * (sl_index)blocks) * (sl_index)channels + row;
# CHECK-NEXT: sl_scan_aggregate_1_items(item, item + 1, b0, b1, b2, d0, d1, d2, d3, d4);

# CHECK-LABEL: // sl_scan_carry_2 (
# CHECK: static void sl_scan_carry_2_items(sl_index begin, sl_index end,
# CHECK-NEXT: __global const float *b0,
# CHECK-NEXT: __global const float *b1,
# CHECK-NEXT: __global const volatile float *b2,
# CHECK-NEXT: __global volatile float *b3,
# CHECK: __kernel void sl_scan_carry_2(__global const float *restrict b0,
# CHECK-NEXT: __global const float *restrict b1,
# CHECK-NEXT: __global const float *restrict b2,
# CHECK: sl_scan_carry_2_items(begin, end, b0, b1, b2, b3, d0, d1, d2, d3, d4);

# CHECK-LABEL: // sl_scan_apply_3 (
# The apply's carry is volatile too (another work-item wrote it).
# CHECK: static void sl_scan_apply_3_items(sl_index begin, sl_index end,
# CHECK-NEXT: __global const float *b0,
# CHECK-NEXT: __global const float *b1,
# CHECK-NEXT: __global const float *b2,
# CHECK-NEXT: __global const volatile float *b3,
# CHECK-NEXT: __global float *b4,
# CHECK: sl_scan_apply_3_items(begin, end, b0, b1, b2, b3, b4, d0, d1, d2, d3, d4);
# CHECK: __kernel void sl_scan_apply_3_rows(
# CHECK: sl_scan_apply_3_items(item, item + 1, b0, b1, b2, b3, b4, d0, d1, d2, d3, d4);

# The one-pass kernel's aggregates and carries are neither const nor
# restrict (other work-groups read them in the launch); the model's input
# buffers are const restrict, its output restrict.
# CHECK-LABEL: // sl_scan_aggregate_1_onepass: look-back step 'scan_lookback' in one pass (sl_scan_aggregate_1, sl_scan_carry_2, sl_scan_apply_3; KernelAbi.h)
# CHECK-NEXT: // u0 = %1 alpha (f32), u1 = %0 x (f32), u2 = %3 scan_lane_aggregates (f32), u3 = %4 scan_block_carries (f32), u4 = %2 scan (f32)
# CHECK-NEXT: __kernel void sl_scan_aggregate_1_onepass(__global const float *restrict u0,
# CHECK-NEXT: __global const float *restrict u1,
# CHECK-NEXT: __global float *u2,
# CHECK-NEXT: __global float *u3,
# CHECK-NEXT: __global float *restrict u4,
# CHECK-NEXT: long d0, long d1, long d2, long d3, long d4,
# CHECK-NEXT: long blocks, long items, long subBlocks,
# CHECK-NEXT: __global volatile int *flags,
# CHECK-NEXT: __global volatile int *ticket, int epoch,
# CHECK-NEXT: __global volatile int *status) {
# CHECK-NEXT: __local int tileOfGroup;
# CHECK-NEXT: __local int windowFlags[32];
# CHECK: long window = min(size, 32L);
# A tile is subBlocks consecutive blocks of span items (KernelAbi.h).
# CHECK: long tileBlocks = subBlocks;
# CHECK-NEXT: long span = size / subBlocks;
# CHECK-NEXT: long sub = l / span, lane = l - sub * span;
# CHECK-NEXT: long groups = (items + span - 1) / span;
# CHECK-NEXT: long tiles = (blocks + tileBlocks - 1) / tileBlocks * groups;
# Work-groups loop over tiles from the ticket; a tile publishes its
# aggregates, looks back a window of 32 blocks at a time (a published carry
# ends the walk, published aggregates are passed over, an unpublished block
# is polled again, a bounded number of times), composes the carries forward
# from there, publishes its carry, then applies.
# CHECK: int aggregateReady = 2 * epoch, carryReady = 2 * epoch + 1;
# CHECK-NEXT: for (;;) {
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: tileOfGroup = atomic_inc(ticket);
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: long tile = tileOfGroup;
# CHECK-NEXT: if (tile >= tiles)
# CHECK-NEXT: break;
# CHECK-NEXT: long blockGroup = tile / groups;
# CHECK-NEXT: long group = tile - blockGroup * groups;
# CHECK-NEXT: long block = blockGroup * subBlocks + sub;
# CHECK-NEXT: long lastBlock = min(blockGroup * subBlocks + subBlocks, blocks) - 1;
# CHECK-NEXT: long channel = group * span + lane;
# CHECK-NEXT: long item = block * items + channel;
# CHECK-NEXT: int active = channel < items && block < blocks;
# CHECK: sl_scan_aggregate_1_items(item, item + 1, u0, u1, u2, d0, d1, d2, d3, d4);
# CHECK-NEXT: // Publish the aggregates
# CHECK-NEXT: SLUICE_DEVICE_FENCE();
# CHECK-NEXT: barrier(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: atomic_xchg(&flags[tile], aggregateReady);
# CHECK: long from = blockGroup - 1, polls = 0;
# CHECK-NEXT: while (from >= 0) {
# CHECK-NEXT: if (l < window) {
# CHECK-NEXT: long back = from - l;
# CHECK-NEXT: windowFlags[l] = back >= 0 ? flags[back * groups + group] : carryReady;
# CHECK-NEXT: }
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: long passed = 0;
# CHECK-NEXT: int found = 0;
# CHECK-NEXT: for (; passed < window; ++passed) {
# CHECK-NEXT: int flag = windowFlags[passed];
# CHECK-NEXT: if (flag == carryReady)
# CHECK-NEXT: found = 1;
# CHECK-NEXT: if (flag != aggregateReady)
# CHECK-NEXT: break;
# CHECK-NEXT: }
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: from -= passed;
# CHECK-NEXT: if (found)
# CHECK-NEXT: break;
# CHECK-NEXT: if (passed == 0 && ++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: *status = 1;
# CHECK-NEXT: break;
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK-NEXT: SLUICE_DEVICE_FENCE();
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: long fromBlock = (from + 1) * tileBlocks - 1;
# CHECK: for (long into = fromBlock + 1; into <= lastBlock; ++into)
# CHECK-NEXT: if (sub == 0 && channel < items)
# CHECK-NEXT: sl_scan_carry_2_items(into * items + channel, into * items + channel + 1, u0, u1, u2, u3, d0, d1, d2, d3, d4);
# CHECK: SLUICE_DEVICE_FENCE();
# CHECK-NEXT: barrier(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: atomic_xchg(&flags[tile], carryReady);
# CHECK-NEXT: if (active)
# CHECK-NEXT: sl_scan_apply_3_items(item, item + 1, u0, u1, u2, u3, u4, d0, d1, d2, d3, d4);
# CHECK-NEXT: }
# CHECK-NEXT: }

# The register-tile variant (ScanTile.h), run when the chunk is a multiple
# of 16: a block in parts of 16 steps, one work-item each (subBlocks is the
# parts); the aggregates and carries volatile; the work-items past the last
# item run the last one again; the part's 16 steps straight-line (no loop
# over them), each step's x loaded once; the part's aggregate into local
# memory; after a barrier the first part's work-item composes the parts'
# into the block's aggregate (a loop over the parts); the same look-back,
# its carry walked by the first part's work-items; the carries into the
# parts (their steps' loads only where a map is not finite); after a
# barrier 16 guarded result stores and no second load of x. (Each step's
# x is loaded in one of two branches: a part inside T unclamped, the last
# part of a channel clamped.)
# It is compiled only when the build defines SLUICE_ONEPASS_TILE
# (SLUICE_OPENCL_ONEPASS_TILE=1 when the program is built).
# CHECK: #ifdef SLUICE_ONEPASS_TILE
# CHECK-LABEL: // sl_scan_aggregate_1_onepass_tile: look-back step 'scan_lookback' in one pass, each block in parts of 16 steps held in registers, one work-item each (sl_scan_aggregate_1_tile, sl_scan_carry_2; KernelAbi.h)
# CHECK: __kernel void sl_scan_aggregate_1_onepass_tile(__global const float *restrict u0,
# CHECK-NEXT: __global const float *restrict u1,
# CHECK-NEXT: __global volatile float *u2,
# CHECK-NEXT: __global volatile float *u3,
# CHECK-NEXT: __global float *restrict u4,
# CHECK: __local float sluice_part_aggregates[1024 * 2];
# CHECK-NEXT: __local float sluice_part_carries[1024 * 1];
# CHECK: long parts = subBlocks, tileBlocks = 1;
# CHECK-NEXT: long span = size / parts;
# CHECK-NEXT: long part = l / span, lane = l - part * span;
# CHECK: long block = blockGroup, lastBlock = block;
# CHECK-NEXT: long channel = min(group * span + lane, items - 1);
# CHECK-NEXT: long item = block * items + channel;
# The tile's one item is a scope, not a loop: its barriers are in no loop
# whose bounds vary between work-items.
# CHECK-NOT: item + 1
# CHECK: {
# CHECK-NEXT: sl_index [[I:v[0-9]+]] = ((sl_index)item);
# CHECK-NOT: for (
# CHECK: ((sl_index)(part)) * 16
# A part inside T (all but a channel's last) loads its 16 steps with no
# clamp and no select; the last one clamps each step to T (the else).
# CHECK: bool [[INSIDE:v[0-9]+]] = v{{[0-9]+}} <= ((sl_index)d1);
# CHECK-NOT: for (
# CHECK: if ([[INSIDE]]) {
# CHECK-NOT: min(
# CHECK-COUNT-16: = u1[v{{[0-9]+}}];
# CHECK-NOT: = u1[
# CHECK: } else {
# CHECK-NOT: for (
# CHECK-COUNT-16: = u1[v{{[0-9]+}}];
# CHECK-NOT: = u1[
# CHECK: sluice_part_aggregates[{{v[0-9]+}}] =
# CHECK: sluice_part_aggregates[{{v[0-9]+}}] =
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: bool [[FIRST:v[0-9]+]] = ((sl_index)(part)) == 0;
# CHECK-NEXT: if ([[FIRST]]) {
# CHECK: for (sl_index {{v[0-9]+}} = 1; {{v[0-9]+}} < ((sl_index)(parts)); {{v[0-9]+}} += 1) {
# CHECK: u2[v{{[0-9]+}}] =
# CHECK: u2[v{{[0-9]+}}] =
# CHECK-NEXT: }
# CHECK-NEXT: // Publish the aggregates
# CHECK: atomic_xchg(&flags[tile], aggregateReady);
# CHECK: for (long into = fromBlock + 1; into <= lastBlock; ++into)
# CHECK-NEXT: if (part == 0)
# CHECK-NEXT: sl_scan_carry_2_items(into * items + channel, into * items + channel + 1, u0, u1, u2, u3, d0, d1, d2, d3, d4);
# CHECK: atomic_xchg(&flags[tile], carryReady);
# CHECK-NEXT: if ([[FIRST]]) {
# CHECK: float {{v[0-9]+}} = u3[v{{[0-9]+}}];
# CHECK: sluice_part_carries[{{v[0-9]+}}] =
# CHECK: for (sl_index {{v[0-9]+}} = 1; {{v[0-9]+}} < ((sl_index)(parts)); {{v[0-9]+}} += 1) {
# CHECK: sluice_part_carries[{{v[0-9]+}}] =
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: sl_index
# CHECK-NOT: = u1[
# CHECK-COUNT-16: u4[v{{[0-9]+}}] =
# CHECK-NOT: u4[
# CHECK: #endif

# The channel-group walk (KernelAbi.h, AGG_walk; its own tile function,
# ScanTile.h's TileKind::Walk), only with SLUICE_WALK: no ticket, flag,
# fence or look-back; work-group firstGroup + get_group_id(0) owns span
# channels and walks every block in order; each round the parts' maps into
# local memory, then part 0 takes the carry into the block (the init in
# block 0, else the carry it stored a round before) through every part's
# map into the parts' carries, and stores the block's carry out as the next
# block's (where one follows); no block aggregate is written and no carry
# kernel called; parts of 32 steps (kWalkPartSteps), 32 guarded stores.
# CHECK: #ifdef SLUICE_WALK
# CHECK-LABEL: // sl_scan_aggregate_1_walk: look-back step 'scan_lookback' walked block by block by a work-group per group of channels, each block in parts of 32 steps held in registers, one work-item each (sl_scan_aggregate_1_tile_walk; KernelAbi.h)
# CHECK: __kernel void sl_scan_aggregate_1_walk(__global const float *restrict u0,
# CHECK: long blocks, long items, long parts, long firstGroup) {
# CHECK-NEXT: __local float sluice_part_aggregates[1024 * 2];
# CHECK-NEXT: __local float sluice_part_carries[1024 * 1];
# CHECK: long span = size / parts;
# CHECK-NEXT: long part = l / span, lane = l - part * span;
# CHECK: long group = firstGroup + (long)get_group_id(0);
# CHECK-NEXT: long channel = min(group * span + lane, items - 1);
# CHECK: for (long block = 0; block < blocks; ++block) {
# CHECK-NEXT: long item = block * items + channel;
# CHECK-NOT: atomic_
# CHECK-NOT: flags[
# CHECK-NOT: u2[
# CHECK: sluice_part_aggregates[{{v[0-9]+}}] =
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NOT: SLUICE_DEVICE_FENCE
# CHECK-NOT: _items(
# CHECK-NOT: u2[
# CHECK: = u3[v{{[0-9]+}}];
# CHECK: sluice_part_carries[{{v[0-9]+}}] =
# CHECK: for (sl_index {{v[0-9]+}} = 1; {{v[0-9]+}} < {{v[0-9]+}}; {{v[0-9]+}} += 1) {
# CHECK: sluice_part_carries[{{v[0-9]+}}] =
# CHECK: u3[v{{[0-9]+}}] =
# CHECK-NOT: SLUICE_DEVICE_FENCE
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-COUNT-32: u4[v{{[0-9]+}}] =
# CHECK-NOT: u4[
# CHECK: #endif

# The flag-word one pass (KernelAbi.h; ScanTile.h's flag-word tile, 32
# steps a work-item), only with SLUICE_ONEPASS_WORDS: no flags, local
# array, fence or barrier but the ticket's; the plan's aggregates and
# carries plain (unused); a work-item a channel of a block; the block's
# 32 steps straight-line (unclamped inside T, clamped in the last block);
# its map published as two tagged words; the walk back on its own channel
# reading the carry-out and map words; the carry composed from the found
# carry-out (or the init) through the maps between, each with the carry
# kernel's fall-back through a block's steps where a map is not finite;
# the carry-out published as a tagged word when a block follows; 32
# guarded result stores.
# CHECK: #ifdef SLUICE_ONEPASS_WORDS
# CHECK-LABEL: // sl_scan_aggregate_1_onepass_words: look-back step 'scan_lookback' in one pass, a block of 32 steps a work-item in registers, its aggregate and carry-out published as tagged words on its channel (sl_scan_aggregate_1_tile_words; KernelAbi.h)
# CHECK: __kernel void sl_scan_aggregate_1_onepass_words(__global const float *restrict u0,
# CHECK-NEXT: __global const float *restrict u1,
# CHECK-NEXT: __global float *u2,
# CHECK-NEXT: __global float *u3,
# CHECK-NEXT: __global float *restrict u4,
# CHECK-NEXT: long d0, long d1, long d2, long d3, long d4,
# CHECK-NEXT: long blocks, long items,
# CHECK-NEXT: __global volatile int *ticket, int epoch,
# CHECK-NEXT: __global volatile int *status,
# CHECK-NEXT: __global volatile ulong *aggregateWords,
# CHECK-NEXT: __global volatile ulong *carryWords) {
# CHECK-NOT: flags
# CHECK: tileOfGroup = atomic_inc(ticket);
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NOT: barrier(
# CHECK: long block = tile / groups;
# CHECK-NEXT: long channel = (tile - block * groups) * span + l;
# CHECK-NEXT: if (tile >= tiles || channel >= items)
# CHECK-NEXT: return;
# CHECK-NEXT: long item = block * items + channel;
# CHECK: uint aggregateTag = 2u * (uint)epoch, carryTag = aggregateTag + 1u;
# CHECK: int aggregateNeeded = -1;
# CHECK: {
# CHECK-NEXT: sl_index [[W:v[0-9]+]] = ((sl_index)item);
# CHECK-NOT: for (
# CHECK: if (v{{[0-9]+}}) {
# CHECK-COUNT-32: = u1[v{{[0-9]+}}];
# CHECK: } else {
# CHECK-COUNT-32: = u1[v{{[0-9]+}}];
# CHECK-NOT: = u1[
# The map words are written only when the block before's carry-out is not
# published when the map is known (read once, at the first word).
# CHECK: if (aggregateNeeded < 0) {
# CHECK-NEXT: aggregateNeeded = 0;
# CHECK-NEXT: for (int i = 0; i < 1; ++i)
# CHECK-NEXT: aggregateNeeded |= block > 0 &&
# CHECK-NEXT: (uint)(carryWords[(item - items) * 1 + i] >> 32) != carryTag;
# CHECK-NEXT: }
# CHECK-NEXT: if (aggregateNeeded)
# CHECK-NEXT: aggregateWords[v{{[0-9]+}}] = ((ulong)aggregateTag << 32) | as_uint(v{{[0-9]+}});
# CHECK: if (aggregateNeeded)
# CHECK-NEXT: aggregateWords[v{{[0-9]+}}] = ((ulong)aggregateTag << 32) | as_uint(v{{[0-9]+}});
# CHECK: long from = block - 1, polls = 0;
# CHECK-NEXT: while (aggregateNeeded != 0 && from >= 0) {
# CHECK-NEXT: long at = from * items + channel;
# CHECK-NEXT: int carried = 1;
# CHECK-NEXT: for (int i = 0; i < 1; ++i)
# CHECK-NEXT: carried &= (uint)(carryWords[at * 1 + i] >> 32) == carryTag;
# CHECK-NEXT: if (carried)
# CHECK-NEXT: break;
# CHECK-NEXT: // Its aggregate is read only when its carry-out is not there.
# CHECK-NEXT: int aggregated = 1;
# CHECK-NEXT: for (int j = 0; j < 2; ++j)
# CHECK-NEXT: aggregated &= (uint)(aggregateWords[at * 2 + j] >> 32) == aggregateTag;
# CHECK-NEXT: if (aggregated) {
# CHECK-NEXT: --from;
# CHECK-NEXT: } else if (++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {
# CHECK-NEXT: *status = 1;
# CHECK-NEXT: break;
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK: bool [[FOUND:v[0-9]+]] = ((sl_index)(from)) >= 0;
# CHECK: if ([[FOUND]]) {
# CHECK: = as_float((uint)carryWords[v{{[0-9]+}}]);
# CHECK: for (sl_index {{v[0-9]+}} = {{v[0-9]+}}; {{v[0-9]+}} < {{v[0-9]+}}; {{v[0-9]+}} += 1) {
# CHECK: = as_float((uint)aggregateWords[v{{[0-9]+}}]);
# CHECK: = as_float((uint)aggregateWords[v{{[0-9]+}}]);
# CHECK: = u1[
# CHECK: if (block + 1 < blocks)
# CHECK-NEXT: carryWords[v{{[0-9]+}}] = ((ulong)carryTag << 32) | as_uint(v{{[0-9]+}});
# CHECK-NOT: u1[
# CHECK-NOT: u2[
# CHECK-NOT: u3[
# CHECK-COUNT-32: u4[v{{[0-9]+}}] =
# CHECK-NOT: u4[
# CHECK: #endif

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
