// peak.cpp - the two ceilings of the model benchmark's roofline, measured on
// this machine: copy bandwidth (GB/s, every hardware thread copying its share
// of a 512 MiB buffer) and f32 FMA peak (GFLOP/s, every thread running 12
// independent chains of vector FMAs, 2 flops per lane). Built and run by
// run.py; prints one JSON line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

#if defined(__AVX512F__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

double seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// Runs body(thread) on `threads` threads and returns the wall time.
template <typename F> double onThreads(int threads, F body) {
  std::vector<std::thread> pool;
  double start = seconds();
  for (int i = 0; i < threads; ++i)
    pool.emplace_back(body, i);
  for (std::thread &t : pool)
    t.join();
  return seconds() - start;
}

/// 12 chains of `iterations` dependent FMAs per thread (12 named
/// accumulators: an array would be kept in memory).
float fmaChains(long iterations, float seed) {
  Vec mul, add, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;
  for (int l = 0; l < kLanes; ++l) {
    mul[l] = 0.9999f;
    add[l] = seed * 1e-3f;
    a0[l] = a1[l] = a2[l] = a3[l] = a4[l] = a5[l] = seed + l;
    a6[l] = a7[l] = a8[l] = a9[l] = a10[l] = a11[l] = seed - l;
  }
  for (long i = 0; i < iterations; ++i) {
    a0 = a0 * mul + add; a1 = a1 * mul + add; a2 = a2 * mul + add;
    a3 = a3 * mul + add; a4 = a4 * mul + add; a5 = a5 * mul + add;
    a6 = a6 * mul + add; a7 = a7 * mul + add; a8 = a8 * mul + add;
    a9 = a9 * mul + add; a10 = a10 * mul + add; a11 = a11 * mul + add;
  }
  Vec all = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  float sum = 0;
  for (int l = 0; l < kLanes; ++l)
    sum += all[l];
  return sum;
}

} // namespace

int main() {
  int threads = std::max(1u, std::thread::hardware_concurrency());
  size_t bytes = size_t(512) << 20;
  char *src = static_cast<char *>(std::aligned_alloc(4096, bytes));
  char *dst = static_cast<char *>(std::aligned_alloc(4096, bytes));
  size_t share = bytes / threads;
  auto copy = [&](int i) { std::memcpy(dst + i * share, src + i * share, share); };
  onThreads(threads, [&](int i) { std::memset(src + i * share, 1, share); });
  onThreads(threads, [&](int i) { std::memset(dst + i * share, 0, share); });
  double best = 1e30;
  for (int r = 0; r < 5; ++r)
    best = std::min(best, onThreads(threads, copy));
  double copyGbps = 2.0 * bytes / best / 1e9; // read + write

  long iterations = 20000000;
  std::vector<float> sink(threads);
  double bestFma = 1e30;
  for (int r = 0; r < 3; ++r)
    bestFma = std::min(bestFma, onThreads(threads, [&](int i) {
                         sink[i] = fmaChains(iterations, float(i + r));
                       }));
  double flops = 2.0 * kLanes * 12 * double(iterations) * threads;
  float check = 0;
  for (float s : sink)
    check += s;
  std::printf("{\"threads\": %d, \"copy_gbps\": %.3f, \"fma_gflops\": %.3f, "
              "\"lanes\": %d, \"check\": %g}\n",
              threads, copyGbps, flops / bestFma / 1e9, kLanes, check);
  std::free(src);
  std::free(dst);
  return 0;
}
