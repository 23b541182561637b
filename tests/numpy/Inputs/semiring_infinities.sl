# Scans of the log-add-exp and max-plus semirings whose coefficients are
# infinite at some steps (log 0 = -inf, and +inf); tests/numpy/
# semiring_infinities.py. The look-back composes runs that start from the
# semiring's zero (-inf); an infinite coefficient must leave that zero alone.
model semiring_infinities {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    m[t] = logaddexp(m[t-1] + x[t], m[t-1] + x[t])
    p[t] = logaddexp(p[t-1] + x[t], q[t-1] + x[t])
    q[t] = logaddexp(p[t-1], q[t-1] + x[t])
    h[t] = max(h[t-1] + x[t], min(max(x[t], -5.0), 5.0))
  }
  output m, p, q, h
}
