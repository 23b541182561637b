# Element-wise kernels on the CPU (tests/Run/cpu-elementwise.sl): operands
# of the output's shape only (walked flat, in chunks of 4096 elements),
# a value broadcast along the last dim (computed once per row), and a bf16
# result.
model elementwise {
  dims B, T, H
  input x : f32[B, T, H]
  input g : f32[B, T, H]
  input m : f32[B, T, 1]
  input y : bf16[B, T, H]
  output gate = -softplus(-g) + x * sigmoid(x)
  output scaled = x / max(abs(g), exp(-m))
  output narrow = y * 2.0 + tanh(y)
}
