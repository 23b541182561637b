# Buffer dtypes: f16 buffers are `half *` read with vload_half and written
# with vstore_half_rte, f16 rounding in between is a helper; bf16 buffers are
# `ushort *` (the upper half of an f32, rounded to nearest even by the
# helper sl_round_bf16: bit operations, or one PTX cvt.rn.bf16.f32 where the
# runtime defines SLUICE_PTX_BF16); f64 is double, and only the program that
# uses double enables cl_khr_fp64.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK-LABEL: kernels of model 'half'
# CHECK-NOT: cl_khr_fp64
# CHECK: float sl_round_f16(float x) {
# CHECK-NEXT: ushort bits;
# CHECK-NEXT: vstore_half_rte(x, 0, (__private half *)&bits);
# CHECK-NEXT: return vload_half(0, (__private const half *)&bits);
# CHECK: // b0 = %0 x (f16), b1 = %1 elementwise (f16); d0 = T
# CHECK-NEXT: __kernel void sl_elementwise_0(__global const half *restrict b0,
# CHECK-NEXT: __global half *restrict b1,
# CHECK: float [[X:v[0-9]+]] = vload_half(v{{[0-9]+}}, b0);
# CHECK-NEXT: float [[X32:v[0-9]+]] = [[X]];
# CHECK-NEXT: float [[P:v[0-9]+]] = [[X32]] * 3.0f;
# CHECK-NEXT: float [[R:v[0-9]+]] = sl_round_f16([[P]]);
# CHECK: vstore_half_rte(v{{[0-9]+}}, v{{[0-9]+}}, b1);

# CHECK-LABEL: kernels of model 'brain'
# CHECK-NOT: cl_khr_fp64
# CHECK: float sl_round_bf16(float x) {
# CHECK-NEXT: #ifdef SLUICE_PTX_BF16
# CHECK-NEXT: ushort half_bits;
# CHECK-NEXT: asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(half_bits) : "f"(x));
# CHECK-NEXT: return as_float((uint)half_bits << 16);
# CHECK-NEXT: #else
# CHECK-NEXT: uint bits = as_uint(x);
# CHECK-NEXT: if (isnan(x))
# CHECK-NEXT: return as_float((bits | 0x400000u) & 0xffff0000u);
# CHECK-NEXT: bits += 0x7fffu + ((bits >> 16) & 1u);
# CHECK-NEXT: return as_float(bits & 0xffff0000u);
# CHECK-NEXT: #endif
# CHECK: __kernel void sl_elementwise_0(__global const ushort *restrict b0,
# CHECK-NEXT: __global ushort *restrict b1,
# CHECK: ushort [[BITS:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: uint [[WIDE:v[0-9]+]] = (uint)[[BITS]];
# CHECK-NEXT: uint [[HIGH:v[0-9]+]] = [[WIDE]] << 16u;
# CHECK-NEXT: float [[X:v[0-9]+]] = as_float([[HIGH]]);
# CHECK-NEXT: float [[Y:v[0-9]+]] = [[X]] + 1.0f;
# CHECK-NEXT: float [[R:v[0-9]+]] = sl_round_bf16([[Y]]);
# CHECK-NEXT: float [[W:v[0-9]+]] = [[R]];
# CHECK-NEXT: float [[S:v[0-9]+]] = sl_round_bf16([[W]]);
# CHECK-NEXT: ushort [[TOP:v[0-9]+]] = (ushort)(as_uint([[S]]) >> 16);
# CHECK: b1[v{{[0-9]+}}] = [[TOP]];

# CHECK-LABEL: kernels of model 'dbl'
# CHECK-NEXT: // Launch ABI
# CHECK-NEXT: // -cl-fast-relaxed-math
# CHECK-NEXT: #pragma OPENCL EXTENSION cl_khr_fp64 : enable
# CHECK-NEXT: #pragma OPENCL FP_CONTRACT OFF
# CHECK: __kernel void sl_elementwise_0(__global const double *restrict b0,
# CHECK-NEXT: __global double *restrict b1,
# CHECK: double [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: double [[Y:v[0-9]+]] = [[X]] * 3.0;
# CHECK: b1[v{{[0-9]+}}] = [[Y]];

model half {
  dims T
  input x : f16[T]
  output y = x * 3.0
}

model brain {
  dims T
  input x : bf16[T]
  output y = x + 1.0
}

model dbl {
  dims T
  input x : f64[T]
  output y = x * 3.0
}
