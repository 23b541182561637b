# RUN: sluice dump %s --stage parsed | FileCheck %s --check-prefix=PARSED
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=RECOGNIZED
# PARSED-LABEL: func.func @cumulative_ops(
# PARSED: loc("{{.*}}cumulative_ops.sl":
# RECOGNIZED: cumulative_ops.sl:30:24: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:31:23: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:32:21: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:33:30: remark: cumsum became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:34:18: remark: cumprod became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:35:25: remark: cumprod became a parallel linear scan
# RECOGNIZED: cumulative_ops.sl:36:24: remark: cummax became a parallel max-plus scan
# RECOGNIZED: cumulative_ops.sl:37:23: remark: cummin became a parallel min-plus scan
# RECOGNIZED: cumulative_ops.sl:38:26: remark: logcumsumexp became a parallel log-add-exp scan
# RECOGNIZED: cumulative_ops.sl:39:23: remark: logcumsumexp became a parallel log-add-exp scan
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=NOLOOP
# RECOGNIZED-DAG: sl.scan linear
# RECOGNIZED-DAG: sl.scan log_add_exp
# RECOGNIZED-DAG: sl.scan max_plus
# RECOGNIZED-DAG: sl.scan min_plus
# NOLOOP-NOT: sl.loop
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
