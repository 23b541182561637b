# Every reduction kind over the first, a middle and the last dim, with and
# without keepdims, of a fused operand, and into a 16-bit output
# (tests/Run/opencl-reductions.sl: each output element is one OpenCL
# work-item; tests/Run/cpu-reductions.sl: rows of the last dim short and
# long, the long ones in partial results). `log` and `exp(x * 100)` put
# NaN and infinities into the last-dim maxima and minima.
model reductions {
  dims B, T, D
  input x : f32[B, T, D]
  input y : bf16[B, T, D]
  output first = sum(x, B)
  output middle = mean(x * x, T)
  output last = amax(x, D)
  output kept = amin(exp(x), T, keepdims=true)
  output narrow = sum(y, T)
  output scaled = x * rsqrt(mean(x * x, D, keepdims=true) + 1e-6)
  output lastsum = sum(exp(x) - 1.0, D)
  output lastmean = mean(x, D)
  output lastmin = amin(x, D)
  output lastnan = amax(log(x), D)
  output lastinf = amin(-exp(x * 100.0), D)
}
