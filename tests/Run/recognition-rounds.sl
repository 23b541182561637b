# After a split, recognition runs again on the loop that is left: a state that
# was non-linear only through a split-off state (it reads `mu[t-1]` or
# `exp(pp[t-1] - pp[t])`) is a scan once that state is a sequence operand.
# What stays sequential is blamed on its own culprit, a leftover that carries
# nothing is element-wise, and matrix structures are described as they are.
# RUN: sluice dump %s --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s
# RUN: sluice dump %s --model ewmvar --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model rwkv4 --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model rwkv4_init --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model leftover --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model logsign_ok --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model ring3 --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model still_loop --stage recognized | FileCheck %s --check-prefix=LOOP
# RUN: sluice dump %s --model pass_through --stage recognized | FileCheck %s --check-prefix=LOOP
# RUN: sluice dump %s --model pass_through_then_scan --stage recognized | FileCheck %s --check-prefix=LOOP
# RUN: sluice dump %s --model logsign --stage recognized | FileCheck %s --check-prefix=LOOP
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# LOOP: sl.loop
# LOOP-NOT: sl.loop

# Exponentially weighted mean and variance in one block: `var` is linear
# once `mu` is a sequence operand.
# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan over 'mu', 'var': 'mu' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'var' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients) given 'mu'
model ewmvar {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T {
    let diff = x[t] - mu[t-1]
    mu[t] = mu[t-1] + alpha * diff
    var[t] = (1.0 - alpha) * (var[t-1] + alpha * diff * diff)
  }
  output mu
  output var
}

# RWKV-4's stabilised WKV (Peng et al. 2023, arXiv 2305.13048) in one block:
# `pp` is max-plus, `aa` and `bb` linear given `pp`, `wkv` element-wise given
# all three.
# CHECK: recognition-rounds.sl:[[@LINE+8]]:3: remark: scan over 'wkv', 'pp', 'aa', 'bb': 'pp' became a parallel max-plus scan (state size 1, diagonal, time-invariant coefficients); 'aa' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'pp'; 'bb' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'pp'; 'wkv' became element-wise (no state is carried) given 'pp', 'aa', 'bb'
model rwkv4 {
  dims B, T, D
  input k : f32[B, T, D]
  input v : f32[B, T, D]
  param decay : f32[D]
  param bonus : f32[D]
  let w = -exp(decay)
  scan t over T {
    let p = max(pp[t-1], bonus + k[t])
    let e1 = exp(pp[t-1] - p)
    let e2 = exp(bonus + k[t] - p)
    wkv[t] = (e1 * aa[t-1] + e2 * v[t]) / (e1 * bb[t-1] + e2)
    pp[t] = max(pp[t-1] + w, k[t])
    aa[t] = exp(pp[t-1] + w - pp[t]) * aa[t-1] + exp(k[t] - pp[t]) * v[t]
    bb[t] = exp(pp[t-1] + w - pp[t]) * bb[t-1] + exp(k[t] - pp[t])
  }
  output wkv
}

# With the reference code's init pp[-1] = -1e38, `pp` read at t-1 is
# shift(pp) + (c - shift(c)): no pass-through, no loop.
# CHECK: recognition-rounds.sl:[[@LINE+8]]:3: remark: scan over 'wkv', 'pp', 'aa', 'bb': 'pp' became a parallel max-plus scan
model rwkv4_init {
  dims B, T, D
  input k : f32[B, T, D]
  input v : f32[B, T, D]
  param decay : f32[D]
  param bonus : f32[D]
  let w = -exp(decay)
  scan t over T {
    init pp[-1] = -1e38
    let p = max(pp[t-1], bonus + k[t])
    let e1 = exp(pp[t-1] - p)
    let e2 = exp(bonus + k[t] - p)
    wkv[t] = (e1 * aa[t-1] + e2 * v[t]) / (e1 * bb[t-1] + e2)
    pp[t] = max(pp[t-1] + w, k[t])
    aa[t] = exp(pp[t-1] + w - pp[t]) * aa[t-1] + exp(k[t] - pp[t]) * v[t]
    bb[t] = exp(pp[t-1] + w - pp[t]) * bb[t-1] + exp(k[t] - pp[t])
  }
  output wkv
}

# The leftover `y` carries nothing (`lags [0]`): element-wise, no loop.
# CHECK: recognition-rounds.sl:[[@LINE+4]]:3: remark: scan over 'h', 'y': 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'y' became element-wise (no state is carried) given 'h'
model leftover {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    h[t] = 0.5 * h[t-1] + x[t]
    y[t] = tanh(h[t]) * h[t-1]
  }
  output y
}

# Still non-linear after the split: the remark blames the leftover's own
# culprit (`tanh`), not the split-off state's `max`.
# CHECK: recognition-rounds.sl:[[@LINE+4]]:3: remark: scan over 'm', 'c' was split: 'm' became a parallel max-plus scan (state size 1, diagonal, unit coefficients); the rest stays sequential: 'tanh' at [[@LINE+6]]:12 makes 'c' non-linear
model still_loop {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    m[t] = max(m[t-1], x[t])
    c[t] = tanh(exp(m[t-1] - m[t]) * c[t-1] + x[t])
  }
  output c
}

# A split-off state read at t-1 with a param init reaches the rest as its
# scan shifted by one step, the init selected at the first step (no
# pass-through state in the loop): y alone stays sequential, for its tanh.
# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan over 'h', 'y' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); the rest stays sequential: 'tanh' at [[@LINE+8]]:12 makes 'y' non-linear
model pass_through {
  dims T, D
  input x : f32[T, D]
  param h0 : f32[D]
  scan t over T {
    init h[-1] = h0
    h[t] = 0.5 * h[t-1] + x[t]
    y[t] = tanh(h[t-1] * y[t-1])
  }
  output y
}

# `h` (its param init selected at the first step of the shifted scan) and
# `g`, linear given `h`, are split off.
# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan over 'h', 'g', 'z' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'g' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'h'; the rest stays sequential: 'tanh' at [[@LINE+9]]:12 makes 'z' non-linear
model pass_through_then_scan {
  dims B, T, D
  input x : f32[B, T, D]
  param h0 : f32[D]
  scan t over T {
    init h[-1] = h0
    h[t] = 0.5 * h[t-1] + x[t]
    g[t] = tanh(h[t]) * g[t-1] + x[t]
    z[t] = tanh(g[t-1] + z[t-1] + h[t-1])
  }
  output z
}

# `lam * exp(s)` is `exp(log(lam) + s)` only for lam > 0: a loop, with a hint.
# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan stays sequential: '*' at [[@LINE+6]]:20 makes 's' non-linear (its factor's sign is unknown; if the factor 'c' is positive, write 'c * exp(x)' as 'exp(log(c) + x)' and it becomes a log-add-exp scan)
model logsign {
  dims T, D
  input x : f32[T, D]
  param lam : f32[D]
  scan t over T {
    s[t] = log(lam * exp(s[t-1]) + exp(x[t]))
  }
  output s
}

# No hint where the rewrite would not help (tanh stays non-linear).
# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan stays sequential: 'exp' at [[@LINE+6]]:27 makes 's' non-linear{{$}}
model logsign_blocked {
  dims T, D
  input x : f32[T, D]
  param lam : f32[D]
  scan t over T {
    s[t] = tanh(log(lam * exp(s[t-1]) + exp(x[t])))
  }
  output s
}

# CHECK: recognition-rounds.sl:[[@LINE+5]]:3: remark: scan over 's' became a parallel log-add-exp scan (state size 1, diagonal, time-invariant coefficients)
model logsign_ok {
  dims T, D
  input x : f32[T, D]
  param lam : f32[D]
  scan t over T {
    s[t] = log(exp(log(lam) + s[t-1]) + exp(x[t]))
  }
  output s
}

# Three states in a ring: a 3x3 matrix with zeros is not "full".
# CHECK: recognition-rounds.sl:[[@LINE+4]]:3: remark: scan over 'a', 'b', 'c' became a parallel linear scan (state size 3, sparse 3x3 matrix (6 of 9 entries non-zero), time-invariant coefficients)
model ring3 {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    a[t] = 0.5 * a[t-1] + 0.25 * c[t-1] + x[t]
    b[t] = 0.5 * b[t-1] + 0.25 * a[t-1]
    c[t] = 0.5 * c[t-1] + 0.25 * b[t-1]
  }
  output c
}

# A group over the state bound whose order-0 states read the others'
# earlier values (a one-step forecast and its error, read by no state):
# those leave the group and the carried states become a scan; the next
# round computes them element-wise from the scan shifted by one step, with
# zero inits (zero-filled shifts) and with inits that are inputs (each
# selected at the first step) alike (numbers against the reference:
# tests/Run/recurrences.sl).
# RUN: sluice dump %s --model holt_err_zero --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RUN: sluice dump %s --model holt_err --stage recognized | FileCheck %s --check-prefix=NOLOOP
# CHECK: recognition-rounds.sl:[[@LINE+7]]:3: remark: scan over 'yhat', 'err', 'l', 'b': 'l', 'b' became a parallel linear scan (state size 2, full 2x2 matrix, time-invariant coefficients); 'yhat' became element-wise (no state is carried) given 'l', 'b'; 'err' became element-wise (no state is carried) given 'l', 'b'
model holt_err_zero {
  dims B, T
  input y : f32[B, T]
  param alpha : f32[B]
  param beta : f32[B]
  param phi : f32[B]
  scan t over T {
    yhat[t] = l[t-1] + phi * b[t-1]
    err[t] = y[t] - yhat[t]
    l[t] = alpha * y[t] + (1.0 - alpha) * (l[t-1] + phi * b[t-1])
    b[t] = beta * (l[t] - l[t-1]) + (1.0 - beta) * phi * b[t-1]
  }
  output yhat, l, b, err
}

# CHECK: recognition-rounds.sl:[[@LINE+9]]:3: remark: scan over 'yhat', 'err', 'l', 'b': 'l', 'b' became a parallel linear scan (state size 2, full 2x2 matrix, time-invariant coefficients); 'yhat' became element-wise (no state is carried) given 'l', 'b'; 'err' became element-wise (no state is carried) given 'l', 'b'
model holt_err {
  dims B, T
  input y : f32[B, T]
  input l0 : f32[B]
  input b0 : f32[B]
  param alpha : f32[B]
  param beta : f32[B]
  param phi : f32[B]
  scan t over T {
    init l[-1] = l0
    init b[-1] = b0
    yhat[t] = l[t-1] + phi * b[t-1]
    err[t] = y[t] - yhat[t]
    l[t] = alpha * y[t] + (1.0 - alpha) * (l[t-1] + phi * b[t-1])
    b[t] = beta * (l[t] - l[t-1]) + (1.0 - beta) * phi * b[t-1]
  }
  output yhat, l, b, err
}
