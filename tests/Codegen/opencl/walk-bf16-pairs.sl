# The channel-group walk of a bf16 scan reads its coefficients and writes
# its results as pairs of neighbouring channels (codegen/cpu/ScanTile.cpp,
# KernelMarks.h kTilePairWordPrefix): inside T, every coefficient's two
# steps come in one word a work-item (all the part's words first, then the
# swaps between the pair), and two steps' results leave as one word. The
# pairs hold only where the run-time size of the last dim is even (the
# `% 2` test) and the span of channels is even (pairLanes): one branch a
# part reads pairs, the other one element at a time (as does the clamped
# last part of a channel), and the stores of a step pair go one element at
# a time where pairs do not hold or the second step is past T. Without
# SLUICE_PTX_SHUFFLE the helpers load and store each work-item's own two
# elements.
# RUN: sluice dump --stage opencl %s | FileCheck %s
# A scan whose axis is the last dim has no neighbours in memory: no pairs.
# RUN: sluice dump --stage opencl %S/Inputs/linrec-bf16-time-last.sl | FileCheck %s --check-prefix=LAST

# CHECK: uint sl_pair_word_bf16(const __global ushort *restrict b, sl_index at,
# CHECK: #ifdef SLUICE_PTX_SHUFFLE
# CHECK: ? next - 1 : at) >> 1];
# CHECK: void sl_pair_store_bf16(__global ushort *restrict b, sl_index at,
# CHECK: uint sl_pair_swap(uint word) {
# CHECK: shfl.sync.bfly.b32
# CHECK: __kernel void sl_scan_aggregate_1_walk(
# CHECK: int pairLanes = (span & 1) == 0;
# CHECK: long channel = min(group * span + lane, lastChannel);
# CHECK: sl_index [[REM:v[0-9]+]] = ((sl_index)d2) % 2;
# CHECK-NEXT: bool [[EVEN:v[0-9]+]] = [[REM]] == 0;
# CHECK-NEXT: bool [[PAIRS:v[0-9]+]] = [[EVEN]] & (pairLanes);
# CHECK: if ([[PAIRS]]) {
# CHECK-COUNT-32: = sl_pair_word_bf16(u{{[01]}}, {{v[0-9]+}}, {{v[0-9]+}});
# CHECK-NOT: sl_pair_word_bf16
# CHECK-COUNT-32: = sl_pair_swap({{v[0-9]+}});
# CHECK: } else {
# CHECK-NOT: sl_pair_
# CHECK: = u0[
# CHECK: } else {
# CHECK-NOT: sl_pair_
# CHECK: = u0[
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: bool [[INSIDE:v[0-9]+]] = 1 < {{v[0-9]+}};
# CHECK-NEXT: bool [[BOTH:v[0-9]+]] = [[PAIRS]] & [[INSIDE]];
# CHECK-NEXT: if ([[BOTH]]) {
# CHECK: uint [[WORD:v[0-9]+]] = sl_pair_swap(
# CHECK-NEXT: sl_pair_store_bf16(u4, {{v[0-9]+}}, {{v[0-9]+}}, [[WORD]]);
# CHECK-NEXT: } else {
# CHECK-NEXT: bool [[FIRST:v[0-9]+]] = 0 < {{v[0-9]+}};
# CHECK-NEXT: if ([[FIRST]]) {
# CHECK: u4[{{v[0-9]+}}] = {{v[0-9]+}};
# CHECK: bool [[SECOND:v[0-9]+]] = 1 < {{v[0-9]+}};
# CHECK-NEXT: if ([[SECOND]]) {
# CHECK: u4[{{v[0-9]+}}] = {{v[0-9]+}};
# CHECK-COUNT-15: sl_pair_store_bf16(u4,

# LAST-NOT: sl_pair
# LAST: __kernel void sl_scan_aggregate_1_walk(
# LAST: long channel = min(group * span + lane, items - 1);
# LAST-NOT: sl_pair

model linrec_bf16 {
  dims B, T, D
  input a : bf16[B, T, D]
  input b : bf16[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
