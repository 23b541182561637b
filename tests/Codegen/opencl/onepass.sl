# The single-pass look-back kernel of a linear scan's Lookback step
# (runtime/opencl/KernelAbi.h): the three kernels as `_items` functions (the
# carry's aggregate and carry buffers volatile: another work-group wrote
# them), their __kernels calling them, and `_onepass` over the union of the
# steps' buffers: a ticket, the aggregate, the bounded wait for the previous
# block's tile, the carry, a fence and barrier before the flag, the apply.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK: #ifndef SLUICE_LOOKBACK_SPIN_LIMIT
# CHECK-NEXT: #define SLUICE_LOOKBACK_SPIN_LIMIT (1L << 26)
# CHECK-NEXT: #endif

# CHECK-LABEL: // sl_scan_aggregate_1 (
# CHECK: static void sl_scan_aggregate_1_items(long begin, long end,
# CHECK-NEXT: __global const float *b0,
# CHECK-NEXT: __global const float *b1,
# CHECK-NEXT: __global float *b2,
# CHECK-NEXT: long d0, long d1, long d2, long d3) {
# CHECK: __kernel void sl_scan_aggregate_1(__global const float *restrict b0,
# CHECK: sl_scan_aggregate_1_items(begin, end, b0, b1, b2, d0, d1, d2, d3);

# CHECK-LABEL: // sl_scan_carry_2 (
# CHECK: static void sl_scan_carry_2_items(long begin, long end,
# CHECK-NEXT: __global const float *b0,
# CHECK-NEXT: __global const float *b1,
# CHECK-NEXT: __global const volatile float *b2,
# CHECK-NEXT: __global volatile float *b3,
# CHECK: __kernel void sl_scan_carry_2(__global const float *restrict b0,
# CHECK-NEXT: __global const float *restrict b1,
# CHECK-NEXT: __global const float *restrict b2,
# CHECK: sl_scan_carry_2_items(begin, end, b0, b1, b2, b3, d0, d1, d2, d3);

# CHECK-LABEL: // sl_scan_apply_3 (
# CHECK: static void sl_scan_apply_3_items(long begin, long end,
# CHECK: sl_scan_apply_3_items(begin, end, b0, b1, b2, b3, b4, d0, d1, d2, d3);

# The one-pass kernel's buffers are neither const nor restrict.
# CHECK-LABEL: // sl_scan_aggregate_1_onepass: look-back step 'scan_lookback' in one pass (sl_scan_aggregate_1, sl_scan_carry_2, sl_scan_apply_3; KernelAbi.h)
# CHECK-NEXT: // u0 = %1 alpha (f32), u1 = %0 x (f32), u2 = %3 scan_lane_aggregates (f32), u3 = %4 scan_block_carries (f32), u4 = %2 scan (f32)
# CHECK-NEXT: __kernel void sl_scan_aggregate_1_onepass(__global float *u0,
# CHECK-NEXT: __global float *u1,
# CHECK-NEXT: __global float *u2,
# CHECK-NEXT: __global float *u3,
# CHECK-NEXT: __global float *u4,
# CHECK-NEXT: long d0, long d1, long d2, long d3,
# CHECK-NEXT: long blocks, long items,
# CHECK-NEXT: __global volatile int *flags,
# CHECK-NEXT: __global volatile int *ticket, int epoch,
# CHECK-NEXT: __global volatile int *status) {
# CHECK: if (l == 0)
# CHECK-NEXT: tileOfGroup = atomic_inc(ticket);
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: long groups = (items + size - 1) / size;
# CHECK: sl_scan_aggregate_1_items(item, item + 1, u0, u1, u2, d0, d1, d2, d3);
# CHECK-NEXT: if (block > 0) {
# CHECK: while (flags[tile - groups] != epoch) {
# CHECK-NEXT: if (++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {
# CHECK-NEXT: *status = 1;
# CHECK-NEXT: break;
# CHECK: mem_fence(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: }
# CHECK-NEXT: barrier(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: }
# CHECK-NEXT: if (active)
# CHECK-NEXT: sl_scan_carry_2_items(item, item + 1, u0, u1, u2, u3, d0, d1, d2, d3);
# CHECK: mem_fence(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: barrier(CLK_GLOBAL_MEM_FENCE);
# CHECK-NEXT: if (l == 0)
# CHECK-NEXT: atomic_xchg(&flags[tile], epoch);
# CHECK-NEXT: if (active)
# CHECK-NEXT: sl_scan_apply_3_items(item, item + 1, u0, u1, u2, u3, u4, d0, d1, d2, d3);
# CHECK-NEXT: }

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
