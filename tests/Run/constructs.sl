# `inf`, logaddexp, logsigmoid, elu and clip on both targets.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 4 -inf,0,1,inf
# RUN: %npy write %t/y.npy '<f4' 4 -inf,0,-2,inf
# RUN: sluice run %s --target reference --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/ref
# RUN: sluice run %s --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/cpu
# RUN: %npy print %t/ref/a.npy | FileCheck %s --check-prefix=A
# RUN: %npy print %t/cpu/a.npy | FileCheck %s --check-prefix=A
# A: -inf 0.69314718{{[0-9]*}} 1.0485873{{[0-9]*}} inf
# RUN: %npy print %t/ref/h.npy | FileCheck %s --check-prefix=H
# RUN: %npy print %t/cpu/h.npy | FileCheck %s --check-prefix=H
# H: -inf 0{{ }}1{{ }}inf
# RUN: %npy print %t/cpu/c.npy | FileCheck %s --check-prefix=C
# C: -1{{ }}0{{ }}1{{ }}inf
model m {
  dims T
  input x : f32[T]
  input y : f32[T]
  scan t over T {
    init h[-1] = -inf
    h[t] = max(h[t-1] - 1.0, x[t])
  }
  output a = logaddexp(x, y), h, b = logsigmoid(x), c = clip(elu(x), -inf, inf)
}
