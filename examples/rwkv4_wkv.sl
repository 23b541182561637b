# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: rwkv4_wkv.sl:53:3: remark: scan over 'wkv', 'p', 'a', 'b': 'p' became a parallel max-plus scan (state size 1, diagonal, time-invariant coefficients); 'a' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'p'; 'b' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'p'; 'wkv' became element-wise (no state is carried) given 'p', 'a', 'b'
# RECOGNIZED-DAG: sl.scan max_plus
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @rwkv4_wkv(
# PARSED-SAME: sl.name = "k"
# PARSED-SAME: sl.name = "v"
# PARSED-SAME: sl.name = "decay"
# PARSED-SAME: sl.name = "bonus"
# PARSED-SAME: sl.name = "wkv"
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -2 lags [0, 1, 1, 1]
# PARSED: ^bb0({{.*}}loc("{{.*}}rwkv4_wkv.sl":55:34)
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: math.exp
# PARSED: math.exp
# PARSED: {sl.state_names = ["wkv", "p", "a", "b"]}
# PARSED: return
# NOLOOP-LABEL: func.func @rwkv4_wkv(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# RWKV-4's WKV operator (Peng et al. 2023, "RWKV: Reinventing RNNs for the
# Transformer Era", arXiv 2305.13048: the WKV operator and the numerically
# stable form of the appendix "Time-Mixing Block as an RNN Cell"):
#   wkv_t = (sum_{i<t} e^{-(t-1-i)w + k_i} v_i + e^{u + k_t} v_t)
#         / (sum_{i<t} e^{-(t-1-i)w + k_i}     + e^{u + k_t}),
# kept as numerator a, denominator b and their common exponent p:
#   q = max(p_{t-1}, u + k_t)
#   wkv_t = (e^{p_{t-1}-q} a_{t-1} + e^{u+k_t-q} v_t) / (e^{p_{t-1}-q} b_{t-1} + e^{u+k_t-q})
#   p_t = max(p_{t-1} - w, k_t)
#   a_t = e^{p_{t-1}-w-p_t} a_{t-1} + e^{k_t-p_t} v_t,  b_t likewise with 1.
# w = exp(decay) > 0 per channel, u the bonus of the current token.
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
