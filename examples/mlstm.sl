# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: mlstm.sl:83:3: remark: scan over 'm', 'C', 'n': 'm' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients); 'C' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm'; 'n' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm'
# RECOGNIZED-DAG: sl.scan max_plus
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @mlstm(
# PARSED-SAME: sl.name = "q"
# PARSED-SAME: sl.name = "k"
# PARSED-SAME: sl.name = "v"
# PARSED-SAME: sl.name = "ig"
# PARSED-SAME: sl.name = "fg"
# PARSED-SAME: sl.name = "h"
# PARSED: sl.broadcast
# PARSED: sl.softplus
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 3 keepdims
# PARSED: sl.broadcast
# PARSED: math.rsqrt
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.loop steps({{.*}}) axis -4 lags [1, 1, 1]
# PARSED: ^bb0({{.*}}loc("{{.*}}mlstm.sl":84:16)
# PARSED: math.exp
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: {sl.state_names = ["m", "C", "n"]}
# PARSED: sl.broadcast
# PARSED: sl.broadcast
# PARSED: sl.reduce sum {{.*}} axis 4
# PARSED: sl.reduce sum {{.*}} axis 4
# PARSED: math.absf
# PARSED: sl.reduce sum {{.*}} axis 4
# PARSED: math.exp
# PARSED: sl.broadcast
# PARSED: return
# NOLOOP-LABEL: func.func @mlstm(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
#
# mLSTM (Beck et al. 2024, "xLSTM: Extended Long Short-Term Memory",
# arXiv 2405.04517, sec. 2.3 and app. A), written as ONE scan block with its
# max stabiliser:
#   m_t = max(log f_t + m_{t-1}, log i_t)
#   f'_t = exp(log f_t + m_{t-1} - m_t),  i'_t = exp(log i_t - m_t)
#   C_t = f'_t C_{t-1} + i'_t v_t k_t^T,  n_t = f'_t n_{t-1} + i'_t k_t
#   h_t = (C_t q_t) / max(|n_t^T q_t|, exp(-m_t))
# with an exponential input gate (log i_t = i~_t) and a sigmoid forget gate
# (log f_t = -softplus(-f~_t)). Inside the block every per-step tensor is
# [.., H, V or 1, K or 1]; `reshape` lines the inputs up by naming the dims,
# and the output drops K (summed away) and m's unit dims again: h is
# [B, T, H, V].
#
# In one block `C` and `n` read `m[t]` through `exp`, so they are not linear
# in the states of the block; recognition takes `m` out as a max-plus scan,
# then analyses the loop that is left again: with `m` a sequence operand,
# `C` and `n` are diagonal linear recurrences with time-varying coefficients
# and become scans too. No sequential loop is left.
#
# C is [B, T, H, V, K], n [B, T, H, 1, K] and m [B, T, H, 1, 1]: every
# per-step tensor has T at the same position counted from the end.
model mlstm {
  dims B, T, H, K, V
  input q  : f32[B, T, H, K]
  input k  : f32[B, T, H, K]
  input v  : f32[B, T, H, V]
  input ig : f32[B, T, H]              # input gate pre-activation, log i_t
  input fg : f32[B, T, H]              # forget gate pre-activation
  let li = reshape(ig, [B, T, H, 1, 1])
  let lf = reshape(-softplus(-fg), [B, T, H, 1, 1])              # log sigmoid
  let kn = k * rsqrt(sum(k * k, K, keepdims=true) + 1e-6)
  let ke = reshape(kn, [B, T, H, 1, K])
  let ve = reshape(v, [B, T, H, V, 1])
  scan t over T {
    m[t] = max(lf[t] + m[t-1], li[t])
    let fp = exp(lf[t] + m[t-1] - m[t])
    let ip = exp(li[t] - m[t])
    C[t] = fp * C[t-1] + ip * ve[t] * ke[t]
    n[t] = fp * n[t-1] + ip * ke[t]
  }
  let qe  = reshape(q, [B, T, H, 1, K])
  let num = sum(C * qe, K)                                       # [B, T, H, V]
  let den = abs(sum(n * qe, K))                                  # [B, T, H, 1]
  output h = num / max(den, exp(-squeeze(m, -1)))                # [B, T, H, V]
}
