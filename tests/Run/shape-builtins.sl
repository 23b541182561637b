# squeeze, unsqueeze and reshape (size-1 dims added or removed, by naming the
# target dims), at model level and on per-step values inside a scan block,
# on both targets. A squeeze is a sum over its size-1 axis (one term, exact);
# reshape sums away the operand's size-1 dims and broadcasts into the target.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=IR
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %npy write %t/x.npy '<f4' 2,1,3 1,-2,3,4,5,-6
# RUN: %npy write %t/xs.npy '<f4' 1,2,3 1,-2,3,4,5,-6
# RUN: sluice run %s --model m --input x=%t/x.npy --output-dir %t/cpu
# RUN: sluice run %s --model m --target reference --input x=%t/x.npy --output-dir %t/ref
# RUN: sluice run %s --model s --input x=%t/xs.npy --output-dir %t/scpu
# RUN: sluice run %s --model s --target reference --input x=%t/xs.npy --output-dir %t/sref
# RUN: %npy print %t/cpu/a.npy | FileCheck %s --check-prefix=A
# RUN: %npy print %t/ref/a.npy | FileCheck %s --check-prefix=A
# A: <f4 [2, 3]: 1 -2 3 4 5 -6
# RUN: %npy print %t/cpu/b.npy | FileCheck %s --check-prefix=B
# RUN: %npy print %t/ref/b.npy | FileCheck %s --check-prefix=B
# B: <f4 [1, 2, 3, 1]: 1 -2 3 4 5 -6
# RUN: %npy print %t/cpu/c.npy | FileCheck %s --check-prefix=C
# RUN: %npy print %t/ref/c.npy | FileCheck %s --check-prefix=C
# C: <f4 [1, 2, 3]: 2 -4 6 8 10 -12
# h[t] = 0.5 h[t-1] + x[:, :, t] over T = 3 for D = 2 channels (1, -2, 3) and
# (4, 5, -6): 1, -1.5, 2.25 and 4, 7, -2.5; g is the running max.
# RUN: %npy print %t/scpu/h.npy | FileCheck %s --check-prefix=H
# RUN: %npy print %t/sref/h.npy | FileCheck %s --check-prefix=H
# H: <f4 [2, 3]: 1 -1.5 2.25 4 7 -2.5
# RUN: %npy print %t/scpu/g.npy | FileCheck %s --check-prefix=G
# RUN: %npy print %t/sref/g.npy | FileCheck %s --check-prefix=G
# G: <f4 [2, 3]: 1 1 3 4 5 5
# IR-LABEL: func.func @m(
# IR: sl.reduce sum %arg0 axis 1 {sl.spelled = "squeeze"} : tensor<?x1x?xf32> -> tensor<?x?xf32>
# IR: sl.reduce sum %arg0 axis 1 {sl.spelled = "reshape"} : tensor<?x1x?xf32> -> tensor<?x?xf32>
# IR-NEXT: sl.broadcast {{.*}} dims [1, 2] : tensor<?x?xf32> -> tensor<1x?x?x1xf32>
# IR: sl.reduce sum %arg0 axis 1 {sl.spelled = "squeeze"}
# IR-NEXT: sl.broadcast {{.*}} dims [1, 2] : tensor<?x?xf32> -> tensor<1x?x?xf32>
# IR-LABEL: func.func @s(
# IR: ^bb0(%arg1: tensor<1x?xf32>
# IR: sl.reduce sum %arg1 axis 0 {sl.spelled = "reshape"} : tensor<1x?xf32> -> tensor<?xf32>
# REMARK: shape-builtins.sl:[[#@LINE+12]]:3: remark: scan over 'h', 'g': 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'g' became a parallel max-plus scan (state size 1, diagonal, unit coefficients)
model m {
  dims T, D
  input x : f32[T, 1, D]
  output a = squeeze(x, 1)                       # [T, D]
  output b = reshape(x, [1, T, D, 1])
  output c = unsqueeze(squeeze(x, -2), 0) * 2.0  # [1, T, D]
}

model s {
  dims T, D
  input x : f32[1, D, T]
  scan t over T {
    let v = reshape(x[t], [D])                   # [1, D] -> [D]
    h[t] = 0.5 * h[t-1] + v
    g[t] = max(g[t-1], squeeze(unsqueeze(v, 0), 0))
  }
  output h, g
}
