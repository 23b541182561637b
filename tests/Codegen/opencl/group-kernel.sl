# A scan read only through a sum over one of its state dims (Mamba's
# y = sum(C * h, N)) printed as a group kernel (KernelAbi.h,
# codegen/cpu/ScanReduceGroupKernel.cpp): one state channel per work-item,
# walking T with the state in a register (A loaded once) in blocks of 16
# steps, each block two unrolled loops: first every step's state-free
# parts (exp(dt * A), dt * x * Bm and C) into a private array, their loads
# in flight together, then the chain from the array, each step's term put
# in the work-group's local array with the sum's offset noted by lane 0;
# the blocks inside T unclamped (no min or select per step), then the
# block T cuts, its steps past T clamped to the last one (loads in bounds,
# the state kept); after each block, the sums in lane order between two
# barriers, counting the block's steps inside T. Its fallback (the scan
# and the reduction apart) follows; a mean divides by the lanes; f64
# blocks are 8 steps.
# RUN: sluice dump --stage opencl %s | FileCheck %s
# RUN: sluice dump --stage opencl %S/../../opencl/Inputs/group_sums.sl | FileCheck %s --check-prefix=MEAN

# CHECK: #define SLUICE_GROUP_ITEMS 256
# CHECK-LABEL: // sl_scan_reduce_groups_0 ({{.*}}group-kernel.sl:{{[0-9]+}}:{{[0-9]+}}): a scan and its sum in work-groups
# CHECK-NEXT: // b0 = %{{[0-9]+}} dt (f32), b1 = %{{[0-9]+}} A (f32), b2 = %{{[0-9]+}} x (f32), b3 = %{{[0-9]+}} Bm (f32), b4 = %{{[0-9]+}} C (f32), b5 = %{{[0-9]+}} reduce (f32)
# CHECK: __global const float *restrict b4,
# CHECK-NEXT: __global float *restrict b5,
# CHECK: long groups, long lanes, long perGroup) {
# CHECK-NEXT: __local float sl_terms[16 * (SLUICE_GROUP_ITEMS + 1)];
# CHECK: const long sl_lane = sl_local / perGroup;
# CHECK: const long group = min(sl_first + sl_slot, groups - 1);
# CHECK: long {{v[0-9]+}} = group % d2;
# CHECK: (sl_lane) * 1;
# CHECK: float [[A:v[0-9]+]] = b1[
# CHECK: long [[LAST:v[0-9]+]] = d1 - 1;
# CHECK-NEXT: long [[FULL:v[0-9]+]] = d1 / 16;
# CHECK: for (long [[B:v[0-9]+]] = 0; [[B]] < [[FULL]]; [[B]] += 1) {
# CHECK-NEXT: long [[FIRST:v[0-9]+]] = [[B]] * 16;
# CHECK-NEXT: #pragma unroll
# CHECK-NEXT: for (long [[J:v[0-9]+]] = 0; [[J]] < 16; [[J]] += 1) {
# CHECK-NEXT: long [[S:v[0-9]+]] = [[FIRST]] + [[J]];
# CHECK-NEXT: long {{v[0-9]+}} = [[S]] * v{{[0-9]+}};
# CHECK: float [[DT:v[0-9]+]] = b0[
# CHECK-NEXT: float [[DTA:v[0-9]+]] = [[DT]] * [[A]];
# CHECK-NEXT: float [[E:v[0-9]+]] = exp([[DTA]]);
# CHECK: [[STAGE:v[0-9]+]][{{v[0-9]+}}] = [[E]];
# CHECK: = b2[
# CHECK: = b3[
# CHECK: [[STAGE]][{{v[0-9]+}}] = {{v[0-9]+}};
# CHECK: float [[C:v[0-9]+]] = b4[
# CHECK: [[STAGE]][{{v[0-9]+}}] = [[C]];
# CHECK-NEXT: }
# CHECK-NEXT: float {{v[0-9]+}} = {{v[0-9]+}};
# CHECK-NEXT: #pragma unroll
# CHECK-NEXT: for (long [[J2:v[0-9]+]] = 0; [[J2]] < 16; [[J2]] += 1) {
# CHECK-NOT: b{{[0-9]}}[
# CHECK-NOT: exp(
# CHECK: sl_terms[[[J2]] * (SLUICE_GROUP_ITEMS + 1) + sl_local] = {{v[0-9]+}};
# CHECK-NEXT: if (sl_lane == 0 && [[J2]] == 0)
# CHECK-NEXT: sl_base[sl_slot] = [[OFF:v[0-9]+]];
# CHECK-NEXT: if (sl_lane == 0 && [[J2]] == 1)
# CHECK-NEXT: sl_stride[sl_slot] = [[OFF]] - sl_base[sl_slot];
# CHECK-NEXT: {{v[0-9]+}} = {{v[0-9]+}};
# CHECK-NEXT: }
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: for (long sl_o = sl_local; sl_o < 16 * perGroup; sl_o += sl_items) {
# CHECK: sl_sum += sl_terms[sl_s * (SLUICE_GROUP_ITEMS + 1) + sl_q * perGroup + sl_p];
# CHECK-NEXT: b5[sl_base[sl_p] + sl_s * sl_stride[sl_p]] = sl_sum;
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK: for (long [[B2:v[0-9]+]] = [[FULL]]; [[B2]] < v{{[0-9]+}}; [[B2]] += 1) {
# CHECK-NEXT: long [[FIRST2:v[0-9]+]] = [[B2]] * 16;
# CHECK-NEXT: #pragma unroll
# CHECK-NEXT: for (long [[J3:v[0-9]+]] = 0; [[J3]] < 16; [[J3]] += 1) {
# CHECK-NEXT: long [[S3:v[0-9]+]] = [[FIRST2]] + [[J3]];
# CHECK-NEXT: long {{v[0-9]+}} = min([[S3]], [[LAST]]);
# CHECK: = exp(
# CHECK: #pragma unroll
# CHECK-NEXT: for (long [[J4:v[0-9]+]] = 0; [[J4]] < 16; [[J4]] += 1) {
# CHECK: sl_stride[sl_slot] = {{v[0-9]+}} - sl_base[sl_slot];
# CHECK-NEXT: long [[S4:v[0-9]+]] = [[FIRST2]] + [[J4]];
# CHECK-NEXT: bool [[IN:v[0-9]+]] = [[S4]] < d1;
# CHECK-NEXT: float {{v[0-9]+}} = [[IN]] ? {{v[0-9]+}} : {{v[0-9]+}};
# CHECK: long [[COUNT:v[0-9]+]] = d1 - [[FIRST2]];
# CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-NEXT: for (long sl_o = sl_local; sl_o < [[COUNT]] * perGroup; sl_o += sl_items) {
# CHECK: barrier(CLK_LOCAL_MEM_FENCE);
# CHECK-LABEL: __kernel void sl_scan_channels_1(
# CHECK-LABEL: __kernel void sl_reduce_2(
# CHECK-LABEL: __kernel void sl_scan_aggregate_3(

# MEAN-LABEL: // sl_scan_reduce_groups_0
# MEAN: sl_sum += sl_terms
# MEAN-NEXT: sl_sum = sl_sum / (float)lanes;
# MEAN: __local double sl_terms[8 * (SLUICE_GROUP_ITEMS + 1)];
# MEAN: #pragma unroll
# MEAN-NEXT: for (long {{v[0-9]+}} = 0; {{v[0-9]+}} < 8; {{v[0-9]+}} += 1) {
# MEAN: double sl_sum = 0.0;

model selective {
  dims B, T, D, N
  input x  : f32[B, T, D]
  input dt : f32[B, T, D]
  input Bm : f32[B, T, N]
  input C  : f32[B, T, N]
  param A  : f32[D, N]
  let dA  = exp(expand_dims(dt, -1) * A)
  let dBx = expand_dims(dt * x, -1) * expand_dims(Bm, 2)
  scan t over T { h[t] = dA[t] * h[t-1] + dBx[t] }
  output y = sum(expand_dims(C, 2) * h, N)
}
