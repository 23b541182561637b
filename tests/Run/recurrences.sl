# Recurrences through IRGen and the reference evaluator, checked by hand.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 3 1,2,3
# RUN: sluice run %s --model prefix --target reference --input x=%t/x.npy --output-dir %t/p | FileCheck %s --check-prefix=PREFIX
# RUN: %npy print %t/p/h.npy | FileCheck %s --check-prefix=H
# RUN: %npy print %t/p/hl.npy | FileCheck %s --check-prefix=HL
# RUN: %npy print %t/p/c.npy | FileCheck %s --check-prefix=C
# RUN: %npy print %t/p/s.npy | FileCheck %s --check-prefix=S
# RUN: %npy print %t/p/m.npy | FileCheck %s --check-prefix=M
# PREFIX: h: shape [3], f32
# PREFIX-NEXT: hl: shape [], f32
# PREFIX-NEXT: c: shape [3], f32
# PREFIX-NEXT: s: shape [3], f32
# PREFIX-NEXT: m: shape [3], f32
# H: <f4 [3]: 6 5 3
# HL: <f4 []: 6
# C: <f4 [3]: 5 3 0
# S: <f4 [3]: 0 1 2
# M: <f4 [3]: 1 2 3
#
# y[t] = 2 y[t-1] - y[t-2] + u[t], y[-1] = 1, y[-2] = 0.5, u = 1 0 0 0.
# RUN: %npy write %t/u.npy '<f4' 1,4 1,0,0,0
# RUN: sluice run %s --model second --target reference --input u=%t/u.npy --output-dir %t/s
# RUN: %npy print %t/s/y.npy | FileCheck %s --check-prefix=SECOND
# SECOND: <f4 [1, 4]: 2.5 4 5.5 7
#
# LinOSS-IM as a second-order recurrence and as a two-state system agree.
# RUN: sluice run %s --model linoss_im --target reference --random B=2,T=300,P=8 --seed 5 --output-dir %t/a
# RUN: sluice run %s --model linoss_im_2state --target reference --random B=2,T=300,P=8 --seed 5 --output-dir %t/b
# RUN: %npy close %t/a/y.npy %t/b/y.npy 1e-5 | FileCheck %s --check-prefix=CLOSE
# CLOSE: y.npy: close: 4800 elements
#
# RUN: sluice run %s --model tanh_rnn --target reference --random B=2,T=7,D=3 --output-dir %t/t | FileCheck %s --check-prefix=TANH
# TANH: h: shape [2, 7, 3], f32
# RUN: sluice run %s --model selective_scan --target reference --random B=2,T=7,D=3,N=4 --output-dir %t/ss | FileCheck %s --check-prefix=SELECTIVE
# SELECTIVE: y: shape [2, 7, 3], f32

model prefix {
  dims T
  input x : f32[T]
  scan t over T reverse { h[t] = h[t+1] + x[t] }
  output h, hl = last(h), c = cumsum(x, T, reverse=true, exclusive=true), s = shift(x, T, 1)
  output m = cummax(x, T)
}

model second {
  dims B, T
  input u : f32[B, T]
  scan t over T {
    init y[-1] = 1.0
    init y[-2] = 0.5
    y[t] = 2.0 * y[t-1] - y[t-2] + u[t]
  }
  output y
}

model linoss_im {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}

model linoss_im_2state {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T {
    z[t] = S * (z[t-1] - dt * A * y[t-1] + dt * bu[t])
    y[t] = y[t-1] + dt * z[t]
  }
  output y
}

model tanh_rnn {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  scan t over T { h[t] = tanh(w * h[t-1] + x[t]) }
  output h
}

model selective_scan {
  dims B, T, D, N
  input x  : f32[B, T, D]
  input dt : f32[B, T, D]
  input Bm : f32[B, T, N]
  input C  : f32[B, T, N]
  param A  : f32[D, N]
  let dA  = exp(expand_dims(dt, -1) * A)
  let dBx = expand_dims(dt * x, -1) * expand_dims(Bm, 2)
  scan t over T { h[t] = dA[t] * h[t-1] + dBx[t] }
  output y = sum(expand_dims(C, 2) * h, N)
}

# last() of an earlier scan's state read inside a later scan's body (an
# invariant of that loop, emitted before it), on every target: g is the
# running sum of h's last value, 1 + 2 + 3 = 6 each step (time first: g
# reads no sequence).
# RUN: sluice run %s --model last_in_scan --target reference --input x=%t/x.npy --output-dir %t/l
# RUN: %npy print %t/l/g.npy | FileCheck %s --check-prefix=LASTSCAN
# RUN: sluice run %s --model last_in_scan --input x=%t/x.npy --output-dir %t/lc
# RUN: %npy print %t/lc/g.npy | FileCheck %s --check-prefix=LASTSCAN
# LASTSCAN: <f4 [3]: 6 12 18
model last_in_scan {
  dims T
  input x : f32[T]
  scan t over T { h[t] = h[t-1] + x[t] }
  scan t over T { g[t] = g[t-1] + last(h) }
  output g
}

# Order-0 states left out of a scan over the state bound
# (recognition-rounds.sl's holt_err models): the CPU's results against the
# reference, with inits that are inputs (a loop reading the scan) and zero
# inits (element-wise after the scan).
# RUN: sluice run %S/recognition-rounds.sl --model holt_err --random B=3,T=40 --seed 4 --output-dir %t/he
# RUN: sluice run %S/recognition-rounds.sl --model holt_err --target reference --random B=3,T=40 --seed 4 --output-dir %t/her
# RUN: %npy closedir %t/he %t/her 1e-4 | FileCheck %s --check-prefix=HOLTERR
# RUN: sluice run %S/recognition-rounds.sl --model holt_err_zero --random B=3,T=40 --seed 4 --output-dir %t/hz
# RUN: sluice run %S/recognition-rounds.sl --model holt_err_zero --target reference --random B=3,T=40 --seed 4 --output-dir %t/hzr
# RUN: %npy closedir %t/hz %t/hzr 1e-4 | FileCheck %s --check-prefix=HOLTERR
# HOLTERR: b.npy: close: 120 elements
# HOLTERR: err.npy: close: 120 elements
# HOLTERR: l.npy: close: 120 elements
# HOLTERR: yhat.npy: close: 120 elements
