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
