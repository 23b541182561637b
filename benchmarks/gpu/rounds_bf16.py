#!/usr/bin/env python3
"""The channel-group walk in bf16, written by hand in CUDA (through CuPy):
one channel a thread against two neighbouring channels a thread (32-bit
loads and stores of bf16 pairs), to measure whether the pairs are what
bf16 needs before sluice prints them (benchmarks/NOTES.md "Twenty-fifth
session": the printed walk holds bf16 at ~55% of the copy whatever its
parts' length, about f32's time an element for half the bytes).

    python3 rounds_bf16.py [S/E/C/PAIR,...]

S segments (parts) of E steps a round, C threads across channels a
work-group (each one channel, or two with PAIR=1: C * (1 + PAIR) channels
a work-group), the segments' maps composed serially by the first segment's
threads, as sluice's printed walk does. h = a*h + b along T of [B,T,D]
(D contiguous, D even), a, b and h in bf16, the state and the math in
f32, h rounded to nearest even when stored (as sluice stores bf16). Prints
ms and % of a device copy of the same bytes (6 an element), median of 15
after a 256 MiB flush, and the error against a float64 reference of the
bf16 inputs.
"""
import os
import sys

import cupy as cp
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baselines import linrec_ref  # noqa: E402  (float64, chunked along T)
from rounds import timeit  # noqa: E402  (its 256 MiB flush, median of 15)

SRC = r'''
#ifndef PAIR
#define PAIR 0
#endif
#define W (1 + PAIR)  // channels a thread
__device__ __forceinline__ float bf(unsigned short v) {
  return __uint_as_float((unsigned)v << 16);
}
__device__ __forceinline__ unsigned short rne(float f) {
  unsigned u = __float_as_uint(f);
  if (f != f) return (unsigned short)((u | 0x400000u) >> 16);
  return (unsigned short)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
// blockDim = (C, S); grid = (ceil(D / (C * W)), B)
extern "C" __global__ void __launch_bounds__(C * S)
rounds(const unsigned short *__restrict__ a,
       const unsigned short *__restrict__ b, unsigned short *__restrict__ h,
       int T, int D) {
  __shared__ float sA[S][C * W + 1], sB[S][C * W + 1], sH[S][C * W + 1];
  __shared__ float carry[C * W];
  int x = threadIdx.x, s = threadIdx.y;
  int c = (blockIdx.x * C + x) * W;  // first channel of this thread
  bool live = c < D;
  size_t base = (size_t)blockIdx.y * T * D + c;
  if (s == 0)
    for (int w = 0; w < W; ++w) carry[x * W + w] = 0.0f;
  float av[E][W], bv[E][W];
  for (int t0 = 0; t0 < T; t0 += S * E) {
    int t = t0 + s * E;
    #pragma unroll
    for (int k = 0; k < E; ++k) {
      bool in = live && t + k < T;
      size_t at = base + (size_t)(t + k) * D;
#if PAIR
      unsigned pa = in ? __ldg((const unsigned *)(a + at)) : 0x3f80u;
      unsigned pb = in ? __ldg((const unsigned *)(b + at)) : 0u;
      av[k][0] = bf(pa & 0xffffu); av[k][1] = bf(pa >> 16);
      bv[k][0] = bf(pb & 0xffffu); bv[k][1] = bf(pb >> 16);
      if (!in) { av[k][1] = 1.0f; }
#else
      av[k][0] = in ? bf(__ldg(a + at)) : 1.0f;
      bv[k][0] = in ? bf(__ldg(b + at)) : 0.0f;
#endif
    }
    #pragma unroll
    for (int w = 0; w < W; ++w) {
      float A = av[0][w], B = bv[0][w];
      #pragma unroll
      for (int k = 1; k < E; ++k) { A = av[k][w] * A; B = av[k][w] * B + bv[k][w]; }
      sA[s][x * W + w] = A; sB[s][x * W + w] = B;
    }
    __syncthreads();
    if (s == 0)
      for (int w = 0; w < W; ++w) {
        int ch = x * W + w;
        float hc = carry[ch];
        for (int q = 0; q < S; ++q) { sH[q][ch] = hc; hc = sA[q][ch] * hc + sB[q][ch]; }
        carry[ch] = hc;
      }
    __syncthreads();
    float hh[W];
    #pragma unroll
    for (int w = 0; w < W; ++w) hh[w] = sH[s][x * W + w];
    if (live) {
      #pragma unroll
      for (int k = 0; k < E; ++k) {
        #pragma unroll
        for (int w = 0; w < W; ++w) hh[w] = av[k][w] * hh[w] + bv[k][w];
        if (t + k < T) {
          size_t at = base + (size_t)(t + k) * D;
#if PAIR
          *(unsigned *)(h + at) = (unsigned)rne(hh[0]) | ((unsigned)rne(hh[1]) << 16);
#else
          h[at] = rne(hh[0]);
#endif
        }
      }
    }
  }
}
'''


def kern(S, E, C, pair):
    m = cp.RawModule(code=SRC, options=(f"-DS={S}", f"-DE={E}", f"-DC={C}",
                                        f"-DPAIR={pair}", "-std=c++17"))
    return m.get_function("rounds")


shapes = [(8, 8192, 1024), (16, 4096, 512), (8, 2048, 1024)]
configs = [(8, 32, 32, 0), (8, 32, 32, 1), (8, 32, 16, 1), (16, 16, 32, 0),
           (16, 16, 32, 1), (8, 16, 64, 1)]
if len(sys.argv) > 1:
    configs = [tuple(int(v) for v in c.split("/")) for c in sys.argv[1].split(",")]
for (B, T, D) in shapes:
    g = torch.Generator(device="cuda").manual_seed(1)
    a = (torch.rand(B, T, D, device="cuda", generator=g) * 0.2 + 0.8).bfloat16()
    b = torch.randn(B, T, D, device="cuda", generator=g).bfloat16()
    ref = linrec_ref(a, b)
    src = torch.empty(3 * B * T * D // 2, dtype=torch.bfloat16, device="cuda")
    dst = torch.empty_like(src)
    copy = timeit(lambda: dst.copy_(src))
    print(f"({B},{T},{D}) bf16, copy moving 6 B/elem: {copy:.4f} ms", flush=True)
    out = torch.empty_like(a)
    for (S, E, C, pair) in configs:
        try:
            k = kern(S, E, C, pair)
        except Exception as ex:  # one config's failure is a row
            print(f"  S={S} E={E} C={C} pair={pair}: build failed: {ex}")
            continue
        per = C * (1 + pair)
        grid = ((D + per - 1) // per, B)
        block = (C, S)

        def run():
            k(grid, block, (cp.uint64(a.data_ptr()), cp.uint64(b.data_ptr()),
                            cp.uint64(out.data_ptr()), cp.int32(T), cp.int32(D)))
        run(); torch.cuda.synchronize()
        err = ((out.double() - ref).abs().max() / ref.abs().max()).item()
        ms = timeit(run)
        print(f"  S={S:2d} E={E:2d} C={C:2d} pair={pair}: {ms:.4f} ms "
              f"{100 * copy / ms:5.1f}% of copy, err {err:.1e}", flush=True)
