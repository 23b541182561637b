# RWKV-4's WKV, stabilised (examples/rwkv4_wkv.sl): the max-plus scan p and
# the linear scans a and b (reading p at t and t-1) share one kernel.
model rwkv4_wkv {
  dims B, T, D
  input k : f32[B, T, D]
  input v : f32[B, T, D]
  param decay : f32[D]
  param bonus : f32[D]
  let w = exp(decay)
  scan t over T {
    init p[-1] = -1e38
    let q  = max(p[t-1], bonus + k[t])
    let e1 = exp(p[t-1] - q)
    let e2 = exp(bonus + k[t] - q)
    wkv[t] = (e1 * a[t-1] + e2 * v[t]) / (e1 * b[t-1] + e2)
    p[t] = max(p[t-1] - w, k[t])
    a[t] = exp(p[t-1] - w - p[t]) * a[t-1] + exp(k[t] - p[t]) * v[t]
    b[t] = exp(p[t-1] - w - p[t]) * b[t-1] + exp(k[t] - p[t])
  }
  output wkv
}
