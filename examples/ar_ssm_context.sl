# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @ar_ssm_context(
# PARSED: loc("{{.*}}ar_ssm_context.sl":
# RECOGNIZED: ar_ssm_context.sl:18:11: remark: cumsum became a parallel linear scan
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED-DAG: sl.scan linear
# NOLOOP-NOT: sl.loop
# A cumsum layer (AR-SSM style): causal global context from a running sum
# (cf. Katharopoulos et al. 2020, "Transformers are RNNs", arXiv 2006.16236:
# causal linear attention as a prefix sum)
model ar_ssm_context {
  dims B, T, D, R
  input x : f32[B, T, D]
  param U : f32[D, R]
  param V : f32[D, R]
  param O : f32[R, D]
  let k = cumsum((x @ U) * sigmoid(x @ V), T)
  output y = (k * (x @ V)) @ O
}
