// Times S4D's scan+sum kernel alone, on one thread, from a shared object:
// the `kernels.so` of `sluice compile examples/s4d.sl --target cpu -o DIR`,
// or the same loop written in C (s4d_loop.c). Buffers are built here in the
// order of the artifact's plan step (manifest.json: log_dt, A_log, Bp, u, C,
// Dp, y, then four [B*D*N] temporaries); a change to S4D's plan needs the
// same change here. Prints the best and median of REPS calls and a checksum
// of y, which must agree between the two objects.
//   cc -O2 -o harness harness.c -ldl
//   [FLUSH=1] ./harness DIR/kernels.so [REPS]
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*KernelFn)(int64_t, int64_t, void *const *, const int64_t *);

/// n floats drawn uniformly from [lo, hi], 64-byte aligned.
static float *drawn(size_t n, float lo, float hi) {
  float *p = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
  for (size_t i = 0; i < n; ++i)
    p[i] = lo + (hi - lo) * (float)rand() / RAND_MAX;
  return p;
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int ascending(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s KERNELS.so [REPS]\n", argv[0]);
    return 2;
  }
  void *object = dlopen(argv[1], RTLD_NOW);
  if (!object) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  KernelFn kernel = (KernelFn)dlsym(object, "sl_scan_reduce_0");
  if (!kernel) {
    fprintf(stderr, "no sl_scan_reduce_0 in %s\n", argv[1]);
    return 1;
  }
  int reps = argc > 2 ? atoi(argv[2]) : 20;
  if (reps < 1 || reps > 1000)
    reps = 20;
  const int64_t B = 4, T = 2048, D = 256, N = 16;
  int64_t dims[4] = {B, T, D, N};
  float *u = drawn(B * T * D, -1, 1), *logdt = drawn(D, -4, -2),
        *Alog = drawn(D * N, -1, 1), *Bp = drawn(D * N, -1, 1),
        *C = drawn(D * N, -1, 1), *Dp = drawn(D, -1, 1),
        *y = drawn(B * T * D, 0, 0);
  float *t0 = drawn(B * D * N, 0, 0), *t1 = drawn(B * D * N, 0, 0),
        *t2 = drawn(B * D * N, 0, 0), *t3 = drawn(B * D * N, 0, 0);
  void *buffers[11] = {logdt, Alog, Bp, u, C, Dp, y, t0, t1, t2, t3};
  size_t flushBytes = (size_t)256 << 20;
  char *flush = getenv("FLUSH") ? malloc(flushBytes) : NULL;
  double times[1000];
  for (int r = 0; r < reps; ++r) {
    if (flush)
      memset(flush, r, flushBytes);
    double start = seconds();
    kernel(0, B * D, buffers, dims);
    times[r] = seconds() - start;
  }
  qsort(times, reps, sizeof(double), ascending);
  double checksum = 0;
  for (int64_t i = 0; i < B * T * D; ++i)
    checksum += y[i];
  printf("%s: best %.3f ms, median %.3f ms, checksum %.6g\n", argv[1],
         times[0] * 1e3, times[reps / 2] * 1e3, checksum);
  return 0;
}
