# A model without a scan, for opencl-tune.sl.
model double_it {
  dims B, D
  input x : f32[B, D]
  output y = x * 2.0
}
