# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED: cumulative_ops.sl:54:24: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:55:23: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:56:21: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:57:30: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:58:18: remark: cumprod became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:59:25: remark: cumprod became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:60:24: remark: cummax became a parallel max-plus scan
# RECOGNIZED: cumulative_ops.sl:61:23: remark: cummin became a parallel min-plus scan
# RECOGNIZED: cumulative_ops.sl:62:26: remark: logcumsumexp became a parallel log-add-exp scan
# RECOGNIZED: cumulative_ops.sl:63:23: remark: logcumsumexp became a parallel log-add-exp scan
# RECOGNIZED-DAG: sl.scan linear
# RECOGNIZED-DAG: sl.scan log_add_exp
# RECOGNIZED-DAG: sl.scan max_plus
# RECOGNIZED-DAG: sl.scan min_plus
# PARSED-LABEL: func.func @cumulative_ops(
# PARSED-SAME: sl.name = "x"
# PARSED-SAME: sl.name = "running_sum"
# PARSED-SAME: sl.name = "future_sum"
# PARSED-SAME: sl.name = "past_sum"
# PARSED-SAME: sl.name = "strict_future_sum"
# PARSED-SAME: sl.name = "decay"
# PARSED-SAME: sl.name = "decay_before"
# PARSED-SAME: sl.name = "running_max"
# PARSED-SAME: sl.name = "future_min"
# PARSED-SAME: sl.name = "log_partition"
# PARSED-SAME: sl.name = "log_future"
# PARSED: sl.sigmoid
# PARSED: sl.cumulative sum {{.*}} axis 1
# PARSED: sl.cumulative sum {{.*}} axis 1 reverse
# PARSED: sl.cumulative sum {{.*}} axis 1 exclusive
# PARSED: sl.cumulative sum {{.*}} axis 1 reverse exclusive
# PARSED: sl.cumulative prod {{.*}} axis 1
# PARSED: sl.cumulative prod {{.*}} axis 1 exclusive
# PARSED: sl.cumulative max {{.*}} axis 1
# PARSED: sl.cumulative min {{.*}} axis 1 reverse
# PARSED: sl.cumulative logsumexp {{.*}} axis 1
# PARSED: sl.cumulative logsumexp {{.*}} axis 1 reverse exclusive
# PARSED: return
# NOLOOP-LABEL: func.func @cumulative_ops(
# NOLOOP-NOT: sl.loop
# NOLOOP: return
# Prefix operations along time with ONNX CumSum semantics (ONNX operator
# specification, "CumSum"): inclusive and exclusive, forward and reverse, for
# sum, product, max and log-sum-exp (the log-space prefix sums of Heinsen 2023,
# "Efficient Parallelization of a Ubiquitous Sequential Computation",
# arXiv 2311.06281).
model cumulative_ops {
  dims B, T, D
  input x : f32[B, T, D]
  let g = sigmoid(x)
  output running_sum = cumsum(x, T),
         future_sum = cumsum(x, T, reverse=true),
         past_sum = cumsum(x, T, exclusive=true),
         strict_future_sum = cumsum(x, T, reverse=true, exclusive=true),
         decay = cumprod(g, T),
         decay_before = cumprod(g, T, exclusive=true),
         running_max = cummax(x, T),
         future_min = cummin(x, T, reverse=true),
         log_partition = logcumsumexp(x, T),
         log_future = logcumsumexp(x, T, reverse=true, exclusive=true)
}
