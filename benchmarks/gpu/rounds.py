#!/usr/bin/env python3
"""The channel-group walk's design written by hand in CUDA (through CuPy), to
measure it before printing it (benchmarks/NOTES.md "Eighteenth session").

    python3 rounds.py [S/E/PREFETCH/C/SERIAL,...]   (the fields of a config:
        S segments (parts) of E steps per round, 0/1 prefetch, C channels per
        work-group, 0/1 serial composition; the order of the tuple below)

h = a*h + b along T of [B,T,D] (D contiguous): a work-group of C channels x
S segments walks T in rounds of S x E steps, each work-item E steps of one
channel held in registers; the segments' aggregates are composed in shared
memory (SERIAL=1: one thread a channel walks them, as sluice's printed walk
does; 0: a warp-shuffle scan), the carry kept in shared memory between
rounds; PREFETCH=1 loads the next round's steps before composing the
current one's. Prints ms and % of a device copy of the same unique bytes
(torch copy_, 12 bytes an element: 6 read, 6 written), median of 15 after a
256 MiB flush, and the error against a float64 reference.
"""
import sys
import cupy as cp, torch

SRC = r'''
#ifndef PREFETCH
#define PREFETCH 0
#endif
#ifndef C
#define C 32
#endif
#ifndef SERIAL
#define SERIAL 0
#endif
// blockDim = (C channels, S segments); grid = (ceil(D/C), B)
extern "C" __global__ void __launch_bounds__(C * S)
rounds(const float *__restrict__ a, const float *__restrict__ b,
       float *__restrict__ h, int T, int D) {
  __shared__ float sA[S][C + 1], sB[S][C + 1], sH[S][C + 1];
  __shared__ float carry[C];
  int x = threadIdx.x, s = threadIdx.y;
  int c = blockIdx.x * C + x;
  bool live = c < D;
  size_t base = (size_t)blockIdx.y * T * D + c;
  const float *pa = a + base, *pb = b + base;
  float *ph = h + base;
  if (s == 0) carry[x] = 0.0f;
  int R = S * E;
  float av[E], bv[E];
#if PREFETCH
  float an[E], bn[E];
#endif
  // first round's loads
  {
    int t = s * E;
    #pragma unroll
    for (int k = 0; k < E; ++k) {
      bool in = live && t + k < T;
      av[k] = in ? __ldg(pa + (size_t)(t + k) * D) : 1.0f;
      bv[k] = in ? __ldg(pb + (size_t)(t + k) * D) : 0.0f;
    }
  }
  for (int t0 = 0; t0 < T; t0 += R) {
    int t = t0 + s * E;
    float A = av[0], B = bv[0];
    #pragma unroll
    for (int k = 1; k < E; ++k) { A = av[k] * A; B = av[k] * B + bv[k]; }
    sA[s][x] = A; sB[s][x] = B;
    __syncthreads();
#if PREFETCH
    {
      int tn = t + R;
      #pragma unroll
      for (int k = 0; k < E; ++k) {
        bool in = live && tn + k < T;
        an[k] = in ? __ldg(pa + (size_t)(tn + k) * D) : 1.0f;
        bn[k] = in ? __ldg(pb + (size_t)(tn + k) * D) : 0.0f;
      }
    }
#endif
#if SERIAL
    if (s == 0) {
      float hc = carry[x];
      for (int q = 0; q < S; ++q) { sH[q][x] = hc; hc = sA[q][x] * hc + sB[q][x]; }
      carry[x] = hc;
    }
#else
    // warp w scans channels w, w + S, ... over the S segments (lanes)
    int lane = x, w = s;
    for (int ch = w; ch < 32; ch += S) {
      float cA = lane < S ? sA[lane][ch] : 1.0f;
      float cB = lane < S ? sB[lane][ch] : 0.0f;
      #pragma unroll
      for (int d = 1; d < 32; d <<= 1) {
        float pA = __shfl_up_sync(0xffffffffu, cA, d);
        float pB = __shfl_up_sync(0xffffffffu, cB, d);
        if (lane >= d) { cB = cA * pB + cB; cA = cA * pA; }
      }
      float eA = __shfl_up_sync(0xffffffffu, cA, 1);
      float eB = __shfl_up_sync(0xffffffffu, cB, 1);
      if (lane == 0) { eA = 1.0f; eB = 0.0f; }
      float h0 = carry[ch];
      if (lane < S) sH[lane][ch] = eA * h0 + eB;
      __syncwarp();
      if (lane == S - 1) carry[ch] = cA * h0 + cB;
    }
#endif
    __syncthreads();
    float hh = sH[s][x];
    if (live) {
      #pragma unroll
      for (int k = 0; k < E; ++k) {
        hh = av[k] * hh + bv[k];
        if (t + k < T) ph[(size_t)(t + k) * D] = hh;
      }
    }
#if PREFETCH
    #pragma unroll
    for (int k = 0; k < E; ++k) { av[k] = an[k]; bv[k] = bn[k]; }
#else
    {
      int tn = t + R;
      #pragma unroll
      for (int k = 0; k < E; ++k) {
        bool in = live && tn + k < T;
        av[k] = in ? __ldg(pa + (size_t)(tn + k) * D) : 1.0f;
        bv[k] = in ? __ldg(pb + (size_t)(tn + k) * D) : 0.0f;
      }
    }
#endif
  }
}
'''

def kern(S, E, pf, C=32, serial=0):
    m = cp.RawModule(code=SRC, options=(f"-DS={S}", f"-DE={E}", f"-DPREFETCH={pf}", f"-DC={C}", f"-DSERIAL={serial}", "-std=c++17"))
    return m.get_function("rounds")

flush = torch.empty(256 << 20, dtype=torch.uint8, device="cuda")

def timeit(fn, reps=15):
    """Median ms of `reps` runs of `fn`, each after the 256 MiB flush (one
    warm-up run first)."""
    ts = []
    for _ in range(reps + 1):
        flush.fill_(1)
        e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        e0.record(); fn(); e1.record(); torch.cuda.synchronize()
        ts.append(e0.elapsed_time(e1))
    ts = sorted(ts[1:])
    return ts[len(ts) // 2]

def main():
    shapes = [(8, 8192, 1024), (16, 4096, 512), (8, 2048, 1024), (8, 512, 1024)]
    configs = [(16, 16, 1, 32, 0), (16, 16, 1, 32, 1), (8, 16, 0, 32, 1), (16, 16, 0, 16, 1), (32, 16, 0, 8, 1), (16, 16, 0, 8, 1), (8, 16, 0, 16, 1), (16, 16, 1, 16, 1), (32, 16, 1, 8, 1), (8, 16, 1, 32, 1)]
    if len(sys.argv) > 1:
        configs = [tuple(int(v) for v in c.split("/")) for c in sys.argv[1].split(",")]
    for (B, T, D) in shapes:
        g = torch.Generator(device="cuda").manual_seed(1)
        a = torch.rand(B, T, D, device="cuda", generator=g) * 0.2 + 0.8
        b = torch.randn(B, T, D, device="cuda", generator=g)
        ref = torch.empty(B, T, D, dtype=torch.float64, device="cuda")
        hh = torch.zeros(B, D, dtype=torch.float64, device="cuda")
        a64, b64 = a.double(), b.double()
        for t in range(T):
            hh = a64[:, t] * hh + b64[:, t]; ref[:, t] = hh
        src = torch.empty(3 * B * T * D // 2, device="cuda"); dst = torch.empty_like(src)
        copy = timeit(lambda: dst.copy_(src))
        print(f"({B},{T},{D}) copy moving 12 B/elem: {copy:.4f} ms", flush=True)
        out = torch.empty_like(a)
        for (S, E, pf, C, ser) in configs:
            try:
                k = kern(S, E, pf, C, ser)
            except Exception as ex:
                print("  build failed", S, E, pf, ex); continue
            grid = ((D + C - 1) // C, B); block = (C, S)
            args = (a.data_ptr(), b.data_ptr(), out.data_ptr(), cp.int32(T), cp.int32(D))
            def run():
                k(grid, block, (cp.uint64(args[0]), cp.uint64(args[1]), cp.uint64(args[2]), args[3], args[4]))
            run(); torch.cuda.synchronize()
            err = ((out.double() - ref).abs().max() / ref.abs().max()).item()
            ms = timeit(run)
            print(f"  C={C:2d} S={S:2d} E={E:2d} prefetch={pf} serial={ser}: {ms:.4f} ms {100 * copy / ms:5.1f}% of copy, err {err:.1e}", flush=True)


if __name__ == "__main__":
    main()
