# Models for RecurrenceEquivalenceTest whose states become scans in a later
# recognition round (after a split, the loop left is analysed again). Each is
# evaluated before and after the recognized stage.

# EWM mean and variance in one block: `var` is linear given `mu`.
model ewmvar {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T {
    let diff = x[t] - mu[t-1]
    mu[t] = mu[t-1] + alpha * diff
    var[t] = (1.0 - alpha) * (var[t-1] + alpha * diff * diff)
  }
  output mu, var
}

# RWKV-4's stabilised WKV in one block: `pp` max-plus, `aa`, `bb` linear
# given `pp`, `wkv` element-wise given all three.
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
  output wkv, pp, aa, bb
}

# Three rounds: `a` linear, then `b` linear given `a` (its coefficient is
# tanh(a[t])), then `c` linear given `b`, in a reverse block.
model chain_reverse {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T reverse {
    a[t] = 0.5 * a[t+1] + x[t]
    b[t] = tanh(a[t]) * b[t+1] + x[t]
    c[t] = sigmoid(b[t+1]) * c[t+1] + a[t]
  }
  output a, b, c
}

# A pass-through (non-zero init, read at t-1 by what stays) is not split off
# again; `g`, linear given `h`, is.
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
  output z, g
}

# RWKV-4 with the reference code's init pp[-1] = -1e38: the split-off `pp`
# is read at t-1 as shift(pp) + (c - shift(c)), no pass-through.
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
  output wkv, aa
}

# A constant init at two lags, in a reverse block: y reads h[t+2] and h[t+1],
# both 1.5 before the first step.
model const_init_lag2_reverse {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T reverse {
    init h[-1] = 1.5
    init h[-2] = 1.5
    h[t] = 0.5 * h[t+2] + x[t]
    y[t] = tanh(y[t+1] * h[t+2] + h[t+1])
  }
  output h, y
}
