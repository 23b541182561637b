#!/usr/bin/env python3
"""The selective scan summed over its states, written by hand in CUDA
(through CuPy): one thread a channel (b, d) holding its N states in
registers, to measure that design against sluice's group kernel (a
work-item per (d, n), the sum across the work-group through local memory:
0.53 ms, 9.7% of the copy at (8,2048,1024,16); benchmarks/NOTES.md
"Twenty-seventh session") before sluice prints it.

    python3 selective_hand.py [P/S/FAST,...]

P parts of T per channel (P threads a channel: each part runs its steps
from zero to get its map, the parts' carries are composed by part 0
through shared memory, then each part runs its steps again from its carry
and writes y; P = 1 walks all of T in one thread), S steps of x and dt
loaded ahead into registers, FAST 1 uses __expf (ex2.approx) instead of
the accurate expf. y[b,t,d] = sum_n C[b,t,n] h[b,t,d,n],
h = exp(dt A[d,n]) h + dt x Bm[b,t,n]; N = 16. Prints ms and % of a
device copy of the unique bytes, median of 15 after a 256 MiB flush, and
the error against a float64 reference.
"""
import os
import sys

import cupy as cp
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baselines import linrec_ref  # noqa: E402  (float64, chunked along T)
from rounds import timeit  # noqa: E402  (its 256 MiB flush, median of 15)

SRC = r'''
#define N 16
#if FAST
#define EXP(x) __expf(x)
#else
#define EXP(x) expf(x)
#endif
// One thread per (b, d, part); threads of one (b, d) are P consecutive
// threads of a block of 32 * P (32 channels a block).
extern "C" __global__ void sel(const float *__restrict x, const float *__restrict dt,
                               const float *__restrict Bm, const float *__restrict C,
                               const float *__restrict A, float *__restrict y,
                               int B, int T, int D) {
  __shared__ float carryIn[32][P][N];
  __shared__ float mapA[32][P][N], mapB[32][P][N];
  int lane = threadIdx.x % 32, part = threadIdx.x / 32;
  int ch = blockIdx.x * 32 + lane;          // b * D + d
  bool live = ch < B * D;
  if (!live) ch = B * D - 1;
  int b = ch / D, d = ch % D;
  float a[N];
  #pragma unroll
  for (int n = 0; n < N; ++n) a[n] = A[d * N + n];
  int len = (T + P - 1) / P, t0 = part * len, t1 = min(T, t0 + len);
  const float *xr = x + (size_t)b * T * D + d, *dr = dt + (size_t)b * T * D + d;
  const float *br = Bm + (size_t)b * T * N, *cr = C + (size_t)b * T * N;
  float h[N];
  if (P > 1) {
    // The part's map: the decay's product exp(A * sum dt) and the state
    // reached from zero.
    float sdt = 0.f;
    #pragma unroll
    for (int n = 0; n < N; ++n) h[n] = 0.f;
    for (int t = t0; t < t1; ++t) {
      float dtt = dr[(size_t)t * D], u = dtt * xr[(size_t)t * D];
      sdt += dtt;
      #pragma unroll
      for (int n = 0; n < N; ++n) h[n] = EXP(dtt * a[n]) * h[n] + u * br[(size_t)t * N + n];
    }
    #pragma unroll
    for (int n = 0; n < N; ++n) { mapA[lane][part][n] = EXP(sdt * a[n]); mapB[lane][part][n] = h[n]; }
    __syncthreads();
    if (part == 0) {
      float c[N];
      #pragma unroll
      for (int n = 0; n < N; ++n) c[n] = 0.f;
      for (int q = 0; q < P; ++q) {
        #pragma unroll
        for (int n = 0; n < N; ++n) {
          carryIn[lane][q][n] = c[n];
          c[n] = mapA[lane][q][n] * c[n] + mapB[lane][q][n];
        }
      }
    }
    __syncthreads();
    #pragma unroll
    for (int n = 0; n < N; ++n) h[n] = carryIn[lane][part][n];
  } else {
    #pragma unroll
    for (int n = 0; n < N; ++n) h[n] = 0.f;
  }
  for (int t = t0; t < t1; t += S) {
    float xs[S], ds[S];
    #pragma unroll
    for (int s = 0; s < S; ++s) {
      int tt = min(t + s, t1 - 1);
      ds[s] = dr[(size_t)tt * D]; xs[s] = xr[(size_t)tt * D];
    }
    #pragma unroll
    for (int s = 0; s < S; ++s) {
      if (t + s < t1) {
        float u = ds[s] * xs[s], acc = 0.f;
        const float4 *b4 = (const float4 *)(br + (size_t)(t + s) * N);
        const float4 *c4 = (const float4 *)(cr + (size_t)(t + s) * N);
        #pragma unroll
        for (int q = 0; q < N / 4; ++q) {
          float4 bb = b4[q], cc = c4[q];
          float bv[4] = {bb.x, bb.y, bb.z, bb.w}, cv[4] = {cc.x, cc.y, cc.z, cc.w};
          #pragma unroll
          for (int r = 0; r < 4; ++r) {
            int n = q * 4 + r;
            h[n] = EXP(ds[s] * a[n]) * h[n] + u * bv[r];
            acc += cv[r] * h[n];
          }
        }
        if (live) y[((size_t)b * T + t + s) * D + d] = acc;
      }
    }
  }
}
'''


def main():
    B, T, D, N = 8, 2048, 1024, 16
    configs = [(1, 8, 0), (1, 8, 1), (1, 16, 0), (2, 8, 0), (4, 8, 0), (4, 8, 1), (8, 8, 0)]
    if len(sys.argv) > 1:
        configs = [tuple(int(v) for v in c.split("/")) for c in sys.argv[1].split(",")]
    gen = torch.Generator(device="cuda").manual_seed(6)
    x = torch.randn(B, T, D, generator=gen, device="cuda")
    dt = torch.nn.functional.softplus(torch.randn(B, T, D, generator=gen, device="cuda") - 2)
    Bm = torch.randn(B, T, N, generator=gen, device="cuda")
    C = torch.randn(B, T, N, generator=gen, device="cuda")
    A = -torch.rand(D, N, generator=gen, device="cuda") - 0.1
    x64, dt64, B64, C64, A64 = (t.double() for t in (x, dt, Bm, C, A))
    dA = torch.exp(dt64[..., None] * A64)
    dBx = (dt64 * x64)[..., None] * B64[:, :, None, :]
    h = linrec_ref(dA.reshape(B, T, D * N), dBx.reshape(B, T, D * N)).view(B, T, D, N)
    ref = (C64[:, :, None, :] * h).sum(-1)
    del dA, dBx, h
    unique = (3 * B * T * D + 2 * B * T * N + D * N) * 4
    src = torch.empty(unique // 2, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    copy = timeit(lambda: dst.copy_(src))
    del src, dst
    print(f"selective scan ({B},{T},{D},{N}): copy of {unique / 1e6:.1f} MB {copy:.4f} ms", flush=True)
    y = torch.empty(B, T, D, device="cuda")
    for (P, S, fast) in configs:
        mod = cp.RawModule(code=SRC, options=("-DP=%d" % P, "-DS=%d" % S, "-DFAST=%d" % fast))
        fn = mod.get_function("sel")
        grid = ((B * D + 31) // 32,)
        args = (x.data_ptr(), dt.data_ptr(), Bm.data_ptr(), C.data_ptr(), A.data_ptr(),
                y.data_ptr(), cp.int32(B), cp.int32(T), cp.int32(D))

        def run():
            fn(grid, (32 * P,), tuple(cp.uint64(a) if isinstance(a, int) else a for a in args))
        run(); torch.cuda.synchronize()
        err = ((y.double() - ref).abs().max() / ref.abs().max()).item()
        ms = timeit(run)
        print(f"  P={P} S={S} fast={fast}: {ms:.4f} ms  {100 * copy / ms:5.1f}% of copy  "
              f"err {err:.1e}  regs {getattr(fn, 'num_regs', '?')}", flush=True)


if __name__ == "__main__":
    main()
