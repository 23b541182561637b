# A split leaves states of different shapes in one loop (C [B,K,V], n [B,K,1]):
# each state's lag and store copies take its own shape (a shared shape wrote
# K*V values into n's K-element buffers: heap corruption).
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %s --random B=2,T=10,K=3,V=4 --seed 2 --output-dir %t/c > /dev/null
# RUN: sluice run %s --target reference --random B=2,T=10,K=3,V=4 --seed 2 --output-dir %t/r > /dev/null
# RUN: %npy closedir %t/c %t/r 1e-5
model m {
  dims B, T, K, V
  input a : f32[B, T, 1, 1]
  input x : f32[B, T, K, 1]
  input kv : f32[B, T, K, V]
  scan t over T {
    m[t] = max(m[t-1] + a[t], a[t])
    let f = exp(m[t-1] - m[t])
    C[t] = f * C[t-1] + kv[t]
    n[t] = f * n[t-1] + x[t]
  }
  output C, n
}
