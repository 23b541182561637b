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
