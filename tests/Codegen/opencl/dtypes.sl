# Buffer dtypes: f16 buffers are `half *` read with vload_half and written
# with vstore_half_rte, f16 rounding in between is a helper; bf16 buffers are
# `ushort *` (the upper half of an f32, rounded to nearest even by the
# kernel's own bit operations); f64 is double, and only the program that
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
# CHECK: __kernel void sl_elementwise_0(__global const ushort *restrict b0,
# CHECK-NEXT: __global ushort *restrict b1,
# CHECK: ushort [[BITS:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: uint [[WIDE:v[0-9]+]] = (uint)[[BITS]];
# CHECK-NEXT: uint [[HIGH:v[0-9]+]] = [[WIDE]] << 16u;
# CHECK-NEXT: float [[X:v[0-9]+]] = as_float([[HIGH]]);
# CHECK-NEXT: float [[Y:v[0-9]+]] = [[X]] + 1.0f;
# CHECK-NEXT: uint [[YB:v[0-9]+]] = as_uint([[Y]]);
# CHECK-NEXT: uint [[LSB0:v[0-9]+]] = [[YB]] >> 16u;
# CHECK-NEXT: uint [[LSB:v[0-9]+]] = [[LSB0]] & 1u;
# CHECK-NEXT: uint [[BIAS:v[0-9]+]] = 32767u + [[LSB]];
# CHECK-NEXT: uint [[ROUNDED:v[0-9]+]] = [[YB]] + [[BIAS]];
# CHECK-NEXT: bool [[NAN:v[0-9]+]] = isunordered([[Y]], [[Y]]) != 0;
# CHECK-NEXT: uint [[QUIET:v[0-9]+]] = [[YB]] | 4194304u;
# CHECK-NEXT: uint [[CHOSEN:v[0-9]+]] = [[NAN]] ? [[QUIET]] : [[ROUNDED]];
# CHECK-NEXT: uint [[TOP:v[0-9]+]] = [[CHOSEN]] >> 16u;
# CHECK-NEXT: ushort {{v[0-9]+}} = (ushort)[[TOP]];
# CHECK: b1[v{{[0-9]+}}] = v{{[0-9]+}};

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
