# Models for RecurrenceEquivalenceTest: every form recognition handles, as
# IRGen emits it. Each is evaluated before and after the recognized stage.

model commuted_sub_div {
  dims B, T, D
  input x : f32[B, T, D]
  input a : f32[B, T, D]
  param w : f32[D]
  scan t over T {
    h[t] = x[t] + (h[t-1] - x[t]) * a[t] / w
    g[t] = -g[t-1] * 0.5 + a[t] * (g[t-1] - x[t]) + x[t]
  }
  output h, g
}

model lets_and_inits {
  dims B, T, D
  input x : f32[B, T, D]
  param h0 : f32[D]
  scan t over T {
    let r = sigmoid(x[t])
    let u = (1.0 - r) * x[t-2]
    init h[-1] = h0
    h[t] = r * h[t-1] + u
  }
  output h
}

model two_state_reverse {
  dims B, T, P
  input bu : f32[B, T, P]
  param A : f32[P]
  param dt : f32[P]
  scan t over T reverse {
    z[t] = z[t+1] - dt * A * y[t+1] + dt * bu[t]
    y[t] = y[t+1] + dt * z[t]
  }
  output y, z
}

model third_order {
  dims B, T, D
  input x : f32[B, T, D]
  param c : f32[D]
  scan t over T {
    init y[-1] = 1.0
    init y[-3] = c
    y[t] = 0.5 * y[t-1] - 0.25 * y[t-3] + c * x[t]
  }
  output y
}

model split_readers {
  dims B, T, D
  input x : f32[B, T, D]
  input a : f32[B, T, D]
  scan t over T {
    h[t] = a[t] * h[t-1] + x[t]
    y[t] = tanh(y[t-1] * h[t-1] + h[t])
  }
  output y, h
}

model split_nonzero_init {
  dims B, T, D
  input x : f32[B, T, D]
  param h0 : f32[D]
  scan t over T {
    init h[-1] = h0
    h[t] = 0.9 * h[t-1] + x[t]
    y[t] = sigmoid(h[t-1] * y[t-1] + x[t])
  }
  output y, h
}

model tropical_and_lae {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T {
    m[t] = max(b[t], a[t] + m[t-1])
    n[t] = min(n[t-1] - a[t], b[t])
    r[t] = relu(r[t-1] + a[t] - 0.7)
    l[t] = log(exp(l[t-1] + a[t]) + exp(b[t]))
  }
  output m, n, r, l
}

model closed_forms {
  dims B, T, D
  input l : f32[B, T, D]
  input u : f32[B, T, D]
  input p : f32[B, T, D]
  let L = cumsum(l - 0.6, T)
  let P = cumprod(p, T)
  output h1 = exp(L) * cumsum(exp(-L) * u, T),
         h2 = cumsum(u / exp(L), T) * exp(L),
         h3 = P * cumsum(u / P, T)
}

model prefixes {
  dims B, T, D
  input x : f32[B, T, D]
  output s = cumsum(x, T, reverse=true, exclusive=true),
         q = cumprod(x, T, exclusive=true),
         m = cummax(x, T, reverse=true),
         n = cummin(x, T, exclusive=true),
         e = logcumsumexp(x, T)
}

# Resets and selects (where): a select between affine branches in linear and
# max-plus, nested, with an invariant condition, a coefficient-form reset,
# and a reverse one reading a later input step.
model where_resets {
  dims B, T, D
  input x : f32[B, T, D]
  input r : f32[B, T, D]
  param w : f32[D]
  scan t over T {
    h[t] = where(r[t] > 0.5, x[t], w * h[t-1] + x[t])
    g[t] = where(r[t] < 0.2, x[t], where(x[t] > 0.0, 0.9 * g[t-1], 0.5 * g[t-1] + 1.0))
    v[t] = where(w > 0.0, x[t], 0.5 * v[t-1] + x[t])
    c[t] = where(r[t] > 0.7, 0.0, 1.0) * c[t-1] + x[t]
  }
  scan t over T {
    init m[-1] = -inf
    m[t] = where(r[t] > 0.8, x[t], max(m[t-1] - 0.1, x[t]))
  }
  scan t over T reverse {
    q[t] = where(r[t+1] > 0.5, x[t], x[t] + 0.9 * q[t+1])
  }
  output h, g, v, c, m, q
}
