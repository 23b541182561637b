// S4D's scan+sum tile written in C with the kernel's ABI, arithmetic, tile
// of 32 channels and step pairs (harness.c times it against sluice's):
//   clang -O3 -march=native -ffp-contract=fast -fPIC -shared \
//         -o s4d_loop.so s4d_loop.c -lm
#include <math.h>
#include <stdint.h>

enum { kLanes = 32, kMaxStates = 64 };

void sl_scan_reduce_0(int64_t begin, int64_t end, void *const *buffers,
                      const int64_t *dims) {
  const float *logdt = buffers[0], *Alog = buffers[1], *Bp = buffers[2],
              *u = buffers[3], *C = buffers[4], *Dp = buffers[5];
  float *y = buffers[6];
  int64_t T = dims[1], D = dims[2], N = dims[3];
  float decay[kMaxStates][kLanes] __attribute__((aligned(64)));
  float input[kMaxStates][kLanes] __attribute__((aligned(64)));
  float readout[kMaxStates][kLanes] __attribute__((aligned(64)));
  float state[kMaxStates][kLanes] __attribute__((aligned(64)));
  for (int64_t item = begin; item < end; item += kLanes) {
    int64_t b = item / D, d0 = item % D;
    for (int64_t n = 0; n < N; ++n)
      for (int c = 0; c < kLanes; ++c) {
        int64_t d = d0 + c;
        float A = -expf(Alog[d * N + n]);
        float a = expf(expf(logdt[d]) * A);
        decay[n][c] = a;
        input[n][c] = (a - 1.0f) / A * Bp[d * N + n];
        readout[n][c] = C[d * N + n];
        state[n][c] = 0;
      }
    const float *ub = u + b * T * D + d0;
    float *yb = y + b * T * D + d0;
    for (int64_t t = 0; t + 1 < T; t += 2) {
      const float *u0 = ub + t * D, *u1 = u0 + D;
      float s0[kLanes], s1[kLanes];
      for (int c = 0; c < kLanes; ++c)
        s0[c] = s1[c] = 0;
      for (int64_t n = 0; n < N; ++n)
        for (int c = 0; c < kLanes; ++c) {
          float x1 = decay[n][c] * state[n][c] + input[n][c] * u0[c];
          float x2 = decay[n][c] * x1 + input[n][c] * u1[c];
          s0[c] += readout[n][c] * x1;
          s1[c] += readout[n][c] * x2;
          state[n][c] = x2;
        }
      for (int c = 0; c < kLanes; ++c) {
        yb[t * D + c] = s0[c] + Dp[d0 + c] * u0[c];
        yb[(t + 1) * D + c] = s1[c] + Dp[d0 + c] * u1[c];
      }
    }
  }
}
