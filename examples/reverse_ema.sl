# An exponential moving average run backwards in time (a reverse scan): each
# step summarises the future of the sequence, as the backward half of a
# bidirectional RNN does (Schuster & Paliwal 1997, "Bidirectional Recurrent
# Neural Networks").
model reverse_ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  let a = sigmoid(alpha)
  scan t over T reverse {
    m[t] = (1.0 - a) * m[t+1] + a * x[t]
  }
  output m
}
