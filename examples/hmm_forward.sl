# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: hmm_forward.sl:[[@LINE+21]]:3: remark: scan over 'a1', 'a2' became a parallel log-add-exp scan (state size 2, full 2x2 matrix, time-varying coefficients)
# RECOGNIZED-DAG: sl.scan log_add_exp
# NOLOOP-LABEL: func.func @hmm_forward(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# The forward algorithm of a two-state hidden Markov model in log space
# (Rabiner, "A Tutorial on Hidden Markov Models", Proc. IEEE 1989, eq. 20,
# with logarithms so that long sequences do not underflow):
#   alpha_t(j) = log sum_i exp(alpha_{t-1}(i) + log a_ij) + log b_j(o_t),
# alpha_{-1} = log pi, the distribution of the state before the first
# observation. D independent chains per sequence (one per channel).
model hmm_forward {
  dims B, T, D
  input e1 : f32[B, T, D]          # log b_1(o_t), the emission log-likelihoods
  input e2 : f32[B, T, D]          # log b_2(o_t)
  param l11 : f32[D]               # log a_11, the transition log-probabilities
  param l12 : f32[D]               # log a_12
  param l21 : f32[D]               # log a_21
  param l22 : f32[D]               # log a_22
  param p1 : f32[D]                # log pi_1
  param p2 : f32[D]                # log pi_2
  scan t over T {
    init a1[-1] = p1
    init a2[-1] = p2
    a1[t] = logaddexp(a1[t-1] + l11, a2[t-1] + l21) + e1[t]
    a2[t] = logaddexp(a1[t-1] + l12, a2[t-1] + l22) + e2[t]
  }
  output a1, a2
}
