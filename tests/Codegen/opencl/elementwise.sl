# An element-wise kernel printed as OpenCL C: the header, the signature of
# runtime/opencl/KernelAbi.h (typed buffers, dims, launch params), the
# work-item loop, one statement per op with constants inlined.
# RUN: sluice dump --stage opencl %s | FileCheck %s
# RUN: sluice dump --stage opencl %s | FileCheck %s --check-prefix=NOF64

# CHECK: // OpenCL C 1.2 kernels of model 'act', printed by sluice (codegen/opencl).
# CHECK: #pragma OPENCL FP_CONTRACT OFF
# CHECK-LABEL: // sl_elementwise_0 ({{.*}}elementwise.sl:{{[0-9]+}}:{{[0-9]+}})
# CHECK-NEXT: // b0 = %0 x (f32), b1 = %1 elementwise (f32); d0 = T, d1 = D
# CHECK-NEXT: __kernel void sl_elementwise_0(__global const float *restrict b0,
# CHECK-NEXT: __global float *restrict b1,
# CHECK-NEXT: long d0, long d1,
# CHECK-NEXT: long first, long count, long stride, long repeats,
# CHECK-NEXT: long repeatStride) {
# CHECK-NEXT: long g = get_global_id(0);
# CHECK-NEXT: if (g >= count)
# CHECK-NEXT: return;
# CHECK-NEXT: for (long r = 0; r < repeats; ++r) {
# CHECK-NEXT: sl_index begin = first + r * repeatStride + g * stride;
# CHECK-NEXT: sl_index end = begin + stride;
# CHECK-NEXT: for (sl_index [[ITEM:v[0-9]+]] = begin; [[ITEM]] < end; [[ITEM]] += 1) {
# One element per work-item (TargetInfo::opencl(): elementwiseRows off).
# CHECK: sl_index {{v[0-9]+}} = [[ITEM]] / ((sl_index)d1);
# CHECK: sl_index {{v[0-9]+}} = [[ITEM]] % ((sl_index)d1);
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: float [[T:v[0-9]+]] = tanh([[X]]);
# CHECK-NEXT: float [[T2:v[0-9]+]] = [[T]] * 2.0f;
# CHECK-NEXT: float [[N:v[0-9]+]] = -[[X]];
# CHECK-NEXT: float [[E:v[0-9]+]] = exp([[N]]);
# CHECK-NEXT: float [[Y:v[0-9]+]] = [[T2]] + [[E]];
# CHECK: b1[[[ITEM]]] = [[Y]];
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK-NEXT: }

# No double: no fp64 pragma, no helper functions.
# NOF64-NOT: cl_khr_fp64
# NOF64-NOT: sl_maximum
# NOF64-NOT: sl_round

model act {
  dims T, D
  input x : f32[T, D]
  output y = tanh(x) * 2.0 + exp(-x)
}
