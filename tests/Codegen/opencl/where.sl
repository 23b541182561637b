# where/select and comparisons in OpenCL C: C's relational operators are the
# ordered predicates (false on NaN), != is une (true on NaN); max/min are
# arith.maximumf/minimumf (NaN propagates, -0 < +0), printed as helpers.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK: float sl_maximum_f32(float a, float b) {
# CHECK-NEXT: if (isnan(a))
# CHECK-NEXT: return a;
# CHECK-NEXT: if (isnan(b))
# CHECK-NEXT: return b;
# CHECK-NEXT: if (a == b)
# CHECK-NEXT: return signbit(a) ? b : a;
# CHECK-NEXT: return a > b ? a : b;
# CHECK: float sl_minimum_f32(float a, float b) {
# CHECK: return signbit(a) ? a : b;

# CHECK-LABEL: __kernel void sl_elementwise_0(
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: bool [[P:v[0-9]+]] = [[X]] > 0.0f;
# CHECK-NEXT: float [[A:v[0-9]+]] = [[P]] ? [[X]] : 0.0f;
# CHECK: b1[v{{[0-9]+}}] = [[A]];

# CHECK-LABEL: __kernel void sl_elementwise_1(
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: bool [[NAN:v[0-9]+]] = [[X]] != [[X]];
# CHECK-NEXT: float [[M1:v[0-9]+]] = -1.0f;
# CHECK-NEXT: float [[B:v[0-9]+]] = [[NAN]] ? [[M1]] : [[X]];

# CHECK-LABEL: __kernel void sl_elementwise_2(
# CHECK: float [[Y:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK-NEXT: bool [[LE:v[0-9]+]] = [[Y]] <= 1.0f;
# CHECK-NEXT: float [[L:v[0-9]+]] = log([[Y]]);
# CHECK-NEXT: float {{v[0-9]+}} = [[LE]] ? 0.0f : [[L]];

# CHECK-LABEL: __kernel void sl_elementwise_3(
# CHECK: float [[X:v[0-9]+]] = b0[v{{[0-9]+}}];
# CHECK: float [[Y:v[0-9]+]] = b1[v{{[0-9]+}}];
# CHECK-NEXT: float {{v[0-9]+}} = sl_maximum_f32([[X]], [[Y]]);

# CHECK-LABEL: __kernel void sl_elementwise_4(
# CHECK: float {{v[0-9]+}} = sl_minimum_f32(v{{[0-9]+}}, v{{[0-9]+}});

# The stabilised sigmoid's "x >= 0" is the unordered uge: NaN takes the
# first branch, as on the CPU.
# CHECK-LABEL: __kernel void sl_elementwise_5(
# CHECK: bool [[GE:v[0-9]+]] = !([[X:v[0-9]+]] < 0.0f);
# CHECK: float {{v[0-9]+}} = [[GE]] ? v{{[0-9]+}} : v{{[0-9]+}};

model w {
  dims T
  input x : f32[T]
  input y : f32[T]
  output a = where(x > 0.0, x, 0.0), b = where(x != x, -1.0, x),
         c = where(y <= 1.0, 0.0, log(y)), m = max(x, y), n = min(x, y),
         s = sigmoid(x)
}
