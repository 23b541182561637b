# Input of long-lags.sl: 17 states of lag 1024 (17408 lags in one loop).
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h0[t] = tanh(0.5 * h0[t-1024] + x[t])
    h1[t] = tanh(0.5 * h1[t-1024] + x[t])
    h2[t] = tanh(0.5 * h2[t-1024] + x[t])
    h3[t] = tanh(0.5 * h3[t-1024] + x[t])
    h4[t] = tanh(0.5 * h4[t-1024] + x[t])
    h5[t] = tanh(0.5 * h5[t-1024] + x[t])
    h6[t] = tanh(0.5 * h6[t-1024] + x[t])
    h7[t] = tanh(0.5 * h7[t-1024] + x[t])
    h8[t] = tanh(0.5 * h8[t-1024] + x[t])
    h9[t] = tanh(0.5 * h9[t-1024] + x[t])
    h10[t] = tanh(0.5 * h10[t-1024] + x[t])
    h11[t] = tanh(0.5 * h11[t-1024] + x[t])
    h12[t] = tanh(0.5 * h12[t-1024] + x[t])
    h13[t] = tanh(0.5 * h13[t-1024] + x[t])
    h14[t] = tanh(0.5 * h14[t-1024] + x[t])
    h15[t] = tanh(0.5 * h15[t-1024] + x[t])
    h16[t] = tanh(0.5 * h16[t-1024] + x[t])
  }
  output h0, h16
}
