# gelu calls libm's erfc on f64 (a declared func.func in the kernels
# module): printed as OpenCL's erfc on double, so the program enables
# cl_khr_fp64; the private declaration itself prints nothing.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK: #pragma OPENCL EXTENSION cl_khr_fp64 : enable
# CHECK-NOT: erfc(double
# CHECK-LABEL: __kernel void sl_elementwise_0(
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: double [[W:v[0-9]+]] = (double)[[X]];
# CHECK-NEXT: double [[Z:v[0-9]+]] = [[W]] * (-0.70710678118654757);
# CHECK-NEXT: double [[E:v[0-9]+]] = erfc([[Z]]);
# CHECK-NEXT: double [[H:v[0-9]+]] = [[W]] * 0.5;
# CHECK-NEXT: double [[R:v[0-9]+]] = [[H]] * [[E]];
# CHECK-NEXT: float {{v[0-9]+}} = (float)[[R]];

model g {
  dims T
  input x : f32[T]
  output y = gelu(x) + silu(x) + softplus(x)
}
