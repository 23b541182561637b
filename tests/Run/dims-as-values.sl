# A dim name in an expression is its run-time size (a weak scalar), also
# inside a scan block and through a let.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 2,4 1,1,1,1,2,2,2,2
# RUN: sluice run %s --target reference --input x=%t/x.npy --output-dir %t/ref
# RUN: sluice run %s --input x=%t/x.npy --output-dir %t/cpu
# RUN: %npy print %t/ref/y.npy | FileCheck %s --check-prefix=Y
# RUN: %npy print %t/cpu/y.npy | FileCheck %s --check-prefix=Y
# Y: 0.5 0.5 0.5 0.5 1 1 1 1
# RUN: %npy print %t/ref/h.npy | FileCheck %s --check-prefix=H
# RUN: %npy print %t/cpu/h.npy | FileCheck %s --check-prefix=H
# H: 4 4 4 4 6 6 6 6
# RUN: %npy print %t/cpu/n.npy | FileCheck %s --check-prefix=N
# N: <f4 []: 8{{$}}
model m {
  dims T, K
  input x : f32[T, K]
  let s = 1.0 / sqrt(K)
  scan t over T {
    init h[-1] = K
    h[t] = h[t-1] / T + x[t] * T
  }
  output y = x * s, h, n = sum(sum(x, K), T) * 0.0 + T * K
}
