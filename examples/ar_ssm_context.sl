# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: ar_ssm_context.sl:31:11: remark: cumsum became a parallel linear scan
# RECOGNIZED-DAG: sl.scan linear
# PARSED-LABEL: func.func @ar_ssm_context(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "U"
# PARSED-SAME: sl.name = "V"
# PARSED-SAME: sl.name = "O"
# PARSED-SAME: sl.name = "y"
# PARSED: sl.matmul
# PARSED: sl.matmul
# PARSED: sl.sigmoid
# PARSED: sl.cumulative sum {{.*}} axis 1
# PARSED: sl.matmul
# PARSED: sl.matmul
# PARSED: return
# NOLOOP-LABEL: func.func @ar_ssm_context(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
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
