# where and comparisons on exact values, on both targets: NaN compares false
# (except with !=), a branch that is inf or NaN where it is not selected
# stays out of the result (a real select), resets in a recognised scan and a
# state condition in a sequential one, with fusion on the CPU as built.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 6 -inf,-1,0,nan,2,inf
# RUN: %npy write %t/y.npy '<f4' 6 -2,0,4,1,1,1
# RUN: %npy write %t/done.npy '<f4' 6 0,0,1,0,1,0
# RUN: sluice run %s --target reference --input x=%t/x.npy --input y=%t/y.npy --input done=%t/done.npy --output-dir %t/ref
# RUN: sluice run %s --input x=%t/x.npy --input y=%t/y.npy --input done=%t/done.npy --output-dir %t/cpu
# RUN: %npy print %t/ref/a.npy | FileCheck %s --check-prefix=A
# RUN: %npy print %t/cpu/a.npy | FileCheck %s --check-prefix=A
# A: 0{{ }}0{{ }}0{{ }}0{{ }}2{{ }}inf
# RUN: %npy print %t/ref/b.npy | FileCheck %s --check-prefix=B
# RUN: %npy print %t/cpu/b.npy | FileCheck %s --check-prefix=B
# B: -inf -1{{ }}0{{ }}-1{{ }}2{{ }}inf
# RUN: %npy print %t/ref/c.npy | FileCheck %s --check-prefix=C
# RUN: %npy print %t/cpu/c.npy | FileCheck %s --check-prefix=C
# C: -0.5 7{{ }}0.25 1{{ }}1{{ }}1
# RUN: %npy print %t/ref/d.npy | FileCheck %s --check-prefix=D
# RUN: %npy print %t/cpu/d.npy | FileCheck %s --check-prefix=D
# D: 0{{ }}0{{ }}1.386294{{[0-9]*}} 0{{ }}0{{ }}0
# h: y accumulates with decay 0.5, restarting from y where done is 1.
# RUN: %npy print %t/ref/h.npy | FileCheck %s --check-prefix=H
# RUN: %npy print %t/cpu/h.npy | FileCheck %s --check-prefix=H
# H: -2{{ }}-1{{ }}4{{ }}3{{ }}1{{ }}1.5
# s: a running sum that drops to 0 once it passes 1.5.
# RUN: %npy print %t/ref/s.npy | FileCheck %s --check-prefix=S
# RUN: %npy print %t/cpu/s.npy | FileCheck %s --check-prefix=S
# S: -2{{ }}-2{{ }}2{{ }}0{{ }}1{{ }}2
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=REMARKS
# REMARKS: where.sl:[[@LINE+10]]:3: remark: scan over 'h' became a parallel linear scan
# REMARKS: where.sl:[[@LINE+12]]:3: remark: scan stays sequential: 'where' at [[@LINE+13]]:12 makes 's' non-linear (its condition depends on the state, so which branch applies depends on earlier steps)
model m {
  dims T
  input x : f32[T]
  input y : f32[T]
  input done : f32[T]
  output a = where(x > 0.0, x, 0.0), b = where(x != x, -1.0, x),
         c = where(y != 0.0, 1.0 / y, 7.0),
         d = where(y <= 1.0, 0.0, log(y))
  scan t over T {
    h[t] = where(done[t] > 0.5, y[t], 0.5 * h[t-1] + y[t])
  }
  scan t over T {
    s[t] = where(s[t-1] > 1.5, 0.0, s[t-1] + y[t])
  }
  output h, s
}
