# A reduction kernel (mean over D) and its consumer: one work-item per
# output element (TargetInfo::reductionRows off: neighbouring work-items
# read neighbouring elements), its sum in a register, the integer-to-float
# conversion of the dim, one store; and a float literal printed so that it
# reads back to the same f32 (1e-6).
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK-LABEL: // sl_reduce_0 (
# CHECK-NEXT: // b0 = %0 x (f32), b1 = %1 reduce (f32); d0 = T, d1 = D
# CHECK: for (sl_index [[ITEM:v[0-9]+]] = begin; [[ITEM]] < end; [[ITEM]] += 1) {
# CHECK: float [[ACC:v[0-9]+]] = 0.0f;
# CHECK-NEXT: for (sl_index [[K:v[0-9]+]] = 0; [[K]] < ((sl_index)d1); [[K]] += 1) {
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: float [[SQ:v[0-9]+]] = [[X]] * [[X]];
# CHECK-NEXT: float [[NEW:v[0-9]+]] = [[ACC]] + [[SQ]];
# CHECK-NEXT: [[ACC]] = [[NEW]];
# CHECK-NEXT: }
# CHECK-NEXT: float [[N:v[0-9]+]] = convert_float(((sl_index)d1));
# CHECK-NEXT: float [[MEAN:v[0-9]+]] = [[ACC]] / [[N]];
# CHECK-NEXT: b1[[[ITEM]]] = [[MEAN]];
# CHECK-NOT: b1[

# CHECK-LABEL: // sl_elementwise_1 (
# CHECK: float [[E:v[0-9]+]] = v{{[0-9]+}} + 9.99999997e-07f;
# CHECK-NEXT: float {{v[0-9]+}} = rsqrt([[E]]);

model rms {
  dims T, D
  input x : f32[T, D]
  output y = x * rsqrt(mean(x * x, D, keepdims=true) + 1e-6)
}
