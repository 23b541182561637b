//===- bench_cpu.cpp - sluice against what users write instead, on the CPU ===//
//
// Every case draws random inputs, checks each contender's result against a
// float64 loop first, then times it (median of several calls after warm-up)
// and prints GB/s of unique bytes, % of the copy bandwidth measured in the
// same run, and sluice's speed-up over each baseline. See PERFORMANCE.md.
//
//   bench_cpu [--quick] [--compile-only] [--long-only] [--busy]
//             [--threads N] [--examples DIR]
//
// --compile-only prints, for every example, the first compile and first
// call (the JIT's object cache at an empty folder), the in-memory compile
// cache's answer, and a compile and first call answered by the object
// cache; --long-only runs only the copy ceiling and the one-long-channel cases;
// --busy forks a process that keeps one core busy for the whole run (every
// contender, the baselines too, runs against it), as PERFORMANCE.md asks for
// the long channel: a scan whose workers wait on each other collapses then;
// --threads N caps TBB's threads for every contender. The long-channel rows
// also print the CPU time per call (all threads of the process).
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_scan.h>
#include <tbb/task_arena.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xmmintrin.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

/// CPU time of this process (all its threads), in milliseconds.
double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/// CPU milliseconds per call of the last timeMs (all threads of this
/// process): what a call costs in cores, whatever else the machine runs.
double lastCpuMs = 0;

/// "cpu 123.4 ms": the CPU time per call of the last timeMs.
std::string cpuNote() {
  char text[64];
  std::snprintf(text, sizeof text, "cpu %.1f ms", lastCpuMs);
  return text;
}

/// Median milliseconds of `fn` over `repeat` calls after `warmup` calls.
double timeMs(const std::function<void()> &fn, int warmup, int repeat) {
  for (int i = 0; i < warmup; ++i)
    fn();
  std::vector<double> times;
  double cpuStart = processCpuMs();
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    fn();
    times.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  lastCpuMs = (processCpuMs() - cpuStart) / repeat;
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::vector<float> randomVector(size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(gen);
  return v;
}

/// ||x - ref|| / ||ref|| (infinite when x has a NaN).
double maxError(const float *x, const std::vector<double> &ref) {
  double diff = 0, norm = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    if (std::isnan(x[i]))
      return INFINITY;
    diff += (x[i] - ref[i]) * (x[i] - ref[i]);
    norm += ref[i] * ref[i];
  }
  return std::sqrt(diff) / std::max(std::sqrt(norm), 1e-30);
}

struct Options {
  bool quick = false;
  bool compileOnly = false; ///< only the compile-time table
  bool longOnly = false;    ///< only the copy and the long-channel cases
  bool busy = false;        ///< a competing busy process during the run
  int threads = 0;          ///< TBB's thread cap; 0 for none
  int warmup = 2, repeat = 9;
  /// The repository's examples (a compile definition), so the benchmark
  /// runs from any directory.
  std::string examples = SLUICE_EXAMPLES_DIR;
};

/// One row of the table.
struct Row {
  std::string name, shape;
  double ms, bytes;
};

double copyGBps = 0; // the ceiling, measured first

void printHeader() {
  std::printf("%-34s %-20s %10s %9s %8s  %s\n", "case", "shape", "ms", "GB/s",
              "% copy", "check");
}

void printRow(const Row &r, double error, const std::string &note = "") {
  double gbps = r.bytes / (r.ms * 1e6);
  std::printf("%-34s %-20s %10.3f %9.2f %7.1f%%  err %.1e %s\n", r.name.c_str(),
              r.shape.c_str(), r.ms, gbps, 100.0 * gbps / copyGBps, error,
              note.c_str());
  // A wrong answer, not float rounding (a float loop over 2^26 steps drifts
  // by ~1e-5 of the norm).
  if (!(error < 1e-3)) {
    std::printf("FAILED: %s does not match the float64 loop\n", r.name.c_str());
    std::exit(1);
  }
}

void printRatio(const std::string &what, double sluiceMs, double baselineMs) {
  std::printf("  -> sluice is %.2fx %s\n", baselineMs / sluiceMs, what.c_str());
}

sluice::Tensor borrow(std::vector<float> &v, std::vector<int64_t> shape) {
  return sluice::Tensor::borrow(v.data(), sluice::DType::F32, std::move(shape));
}

//===----------------------------------------------------------------------===//
// The ceiling
//===----------------------------------------------------------------------===//

void benchCopy(const Options &o) {
  size_t n = (o.quick ? 64u : 512u) << 20;
  std::vector<char> src(n, 1), dst(n, 0);
  double single = timeMs([&] { std::memcpy(dst.data(), src.data(), n); },
                         o.warmup, o.repeat);
  double parallel = timeMs(
      [&] {
        tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 22),
                          [&](const tbb::blocked_range<size_t> &r) {
                            std::memcpy(dst.data() + r.begin(),
                                        src.data() + r.begin(), r.size());
                          });
      },
      o.warmup, o.repeat);
  double bytes = 2.0 * n;
  copyGBps = std::max(bytes / (single * 1e6), bytes / (parallel * 1e6));
  std::printf("memcpy %zu MiB: 1 thread %.2f GB/s, TBB %d threads %.2f GB/s "
              "(the ceiling: %.2f GB/s)\n\n",
              n >> 20, bytes / (single * 1e6),
              tbb::this_task_arena::max_concurrency(),
              bytes / (parallel * 1e6), copyGBps);
}

//===----------------------------------------------------------------------===//
// h[t] = a[t] * h[t-1] + b[t] over many channels: [B, T, D]
//===----------------------------------------------------------------------===//

const char *kLinrec = R"(
model linrec {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
)";

const char *kCumsum = R"(
model cumsum_layer {
  dims B, T, D
  input x : f32[B, T, D]
  output c = cumsum(x, T)
}
)";

void benchManyChannels(const Options &o) {
  int64_t B = 8, T = o.quick ? 1024 : 4096, D = 1024;
  size_t n = B * T * D;
  auto a = randomVector(n, 0.5f, 1.0f, 1), b = randomVector(n, -1.0f, 1.0f, 2);
  std::vector<float> h(n);
  std::vector<double> ref(n);
  for (int64_t bi = 0; bi < B; ++bi) {
    std::vector<double> s(D, 0.0);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t d = 0; d < D; ++d) {
        size_t i = (bi * T + t) * D + d;
        s[d] = a[i] * s[d] + b[i];
        ref[i] = s[d];
      }
  }
  std::string shape = "(" + std::to_string(B) + "," + std::to_string(T) + "," +
                      std::to_string(D) + ")";
  double bytes = 12.0 * n;

  auto naive = [&] {
    for (int64_t bi = 0; bi < B; ++bi) {
      float *hp = h.data() + bi * T * D;
      const float *ap = a.data() + bi * T * D, *bp = b.data() + bi * T * D;
      for (int64_t d = 0; d < D; ++d)
        hp[d] = bp[d];
      for (int64_t t = 1; t < T; ++t)
        for (int64_t d = 0; d < D; ++d)
          hp[t * D + d] = ap[t * D + d] * hp[(t - 1) * D + d] + bp[t * D + d];
    }
  };
  double naiveMs = timeMs(naive, o.warmup, o.repeat);
  printRow({"linrec naive loop (vectorised D)", shape, naiveMs, bytes},
           maxError(h.data(), ref));

  auto tiled = [&] {
    int64_t tiles = D / 256;
    tbb::parallel_for(int64_t(0), B * tiles, [&](int64_t item) {
      int64_t bi = item / tiles, d0 = (item % tiles) * 256;
      float *hp = h.data() + bi * T * D;
      const float *ap = a.data() + bi * T * D, *bp = b.data() + bi * T * D;
      for (int64_t d = d0; d < d0 + 256; ++d)
        hp[d] = bp[d];
      for (int64_t t = 1; t < T; ++t)
        for (int64_t d = d0; d < d0 + 256; ++d)
          hp[t * D + d] = ap[t * D + d] * hp[(t - 1) * D + d] + bp[t * D + d];
    });
  };
  std::fill(h.begin(), h.end(), 0.0f);
  double tiledMs = timeMs(tiled, o.warmup, o.repeat);
  printRow({"linrec TBB (batch, 256-ch tiles)", shape, tiledMs, bytes},
           maxError(h.data(), ref));

  auto model = sluice::compileString(kLinrec, "linrec.sl");
  std::fill(h.begin(), h.end(), 0.0f);
  std::map<std::string, sluice::Tensor> in{{"a", borrow(a, {B, T, D})},
                                           {"b", borrow(b, {B, T, D})}};
  std::map<std::string, sluice::Tensor> out{{"h", borrow(h, {B, T, D})}};
  double sluiceMs = timeMs([&] { model->runInto(in, out); }, o.warmup, o.repeat);
  printRow({"linrec sluice", shape, sluiceMs, bytes}, maxError(h.data(), ref),
           cpuNote());
  printRatio("the naive loop", sluiceMs, naiveMs);
  printRatio("TBB tiles", sluiceMs, tiledMs);

  // cumsum along T of the same shape.
  std::vector<double> cref(n);
  for (int64_t bi = 0; bi < B; ++bi)
    for (int64_t d = 0; d < D; ++d) {
      double s = 0;
      for (int64_t t = 0; t < T; ++t) {
        size_t i = (bi * T + t) * D + d;
        s += b[i];
        cref[i] = s;
      }
    }
  auto cnaive = [&] {
    for (int64_t bi = 0; bi < B; ++bi) {
      float *hp = h.data() + bi * T * D;
      const float *bp = b.data() + bi * T * D;
      for (int64_t d = 0; d < D; ++d)
        hp[d] = bp[d];
      for (int64_t t = 1; t < T; ++t)
        for (int64_t d = 0; d < D; ++d)
          hp[t * D + d] = hp[(t - 1) * D + d] + bp[t * D + d];
    }
  };
  double cnaiveMs = timeMs(cnaive, o.warmup, o.repeat);
  printRow({"cumsum naive loop", shape, cnaiveMs, 8.0 * n}, maxError(h.data(), cref));
  auto cmodel = sluice::compileString(kCumsum, "cumsum.sl");
  std::map<std::string, sluice::Tensor> cin{{"x", borrow(b, {B, T, D})}};
  std::map<std::string, sluice::Tensor> cout{{"c", borrow(h, {B, T, D})}};
  std::fill(h.begin(), h.end(), 0.0f);
  double csluiceMs = timeMs([&] { cmodel->runInto(cin, cout); }, o.warmup, o.repeat);
  printRow({"cumsum sluice", shape, csluiceMs, 8.0 * n}, maxError(h.data(), cref));
  printRatio("the naive loop", csluiceMs, cnaiveMs);
  std::printf("\n");
}

//===----------------------------------------------------------------------===//
// One long channel: T = 2^26
//===----------------------------------------------------------------------===//

/// tbb::parallel_scan body for h = a*h + b: carries the composed map (A, B).
struct AffineScan {
  const float *a, *b;
  float *h;
  float A = 1.0f, Bv = 0.0f;
  AffineScan(const float *a, const float *b, float *h) : a(a), b(b), h(h) {}
  AffineScan(AffineScan &other, tbb::split) : a(other.a), b(other.b), h(other.h) {}
  template <typename Tag>
  void operator()(const tbb::blocked_range<int64_t> &r, Tag) {
    float A0 = A, B0 = Bv;
    for (int64_t i = r.begin(); i < r.end(); ++i) {
      B0 = a[i] * B0 + b[i];
      A0 = a[i] * A0;
      if (Tag::is_final_scan())
        h[i] = B0;
    }
    A = A0;
    Bv = B0;
  }
  void reverse_join(AffineScan &left) {
    Bv = A * left.Bv + Bv;
    A = A * left.A;
  }
  void assign(AffineScan &other) {
    A = other.A;
    Bv = other.Bv;
  }
};

const char *kLinrecOne = R"(
model linrec_one {
  dims T
  input a : f32[T]
  input b : f32[T]
  scan t over T { h[t] = a[t] * h[t-1] + b[t] }
  output h
}
)";

const char *kCumsumOne = R"(
model cumsum_one {
  dims T
  input x : f32[T]
  output c = cumsum(x, T)
}
)";

void benchLongChannel(const Options &o) {
  int64_t T = int64_t(1) << (o.quick ? 22 : 26);
  auto a = randomVector(T, 0.5f, 1.0f, 3), b = randomVector(T, -1.0f, 1.0f, 4);
  std::vector<float> h(T);
  std::vector<double> ref(T), cref(T);
  double s = 0, c = 0;
  for (int64_t i = 0; i < T; ++i) {
    s = a[i] * s + b[i];
    c += b[i];
    ref[i] = s;
    cref[i] = c;
  }
  std::string shape = "(1," + std::to_string(T) + ",1)";
  double bytes = 12.0 * T;
  auto loop = [&] {
    float x = 0;
    for (int64_t i = 0; i < T; ++i) {
      x = a[i] * x + b[i];
      h[i] = x;
    }
  };
  double loopMs = timeMs(loop, o.warmup, o.repeat);
  printRow({"linrec sequential loop", shape, loopMs, bytes}, maxError(h.data(), ref),
           cpuNote());
  std::fill(h.begin(), h.end(), 0.0f);
  auto pscan = [&] {
    AffineScan body(a.data(), b.data(), h.data());
    tbb::parallel_scan(tbb::blocked_range<int64_t>(0, T, 1 << 16), body);
  };
  double pscanMs = timeMs(pscan, o.warmup, o.repeat);
  printRow({"linrec tbb::parallel_scan", shape, pscanMs, bytes},
           maxError(h.data(), ref), cpuNote());
  auto model = sluice::compileString(kLinrecOne, "linrec_one.sl");
  std::map<std::string, sluice::Tensor> in{{"a", borrow(a, {T})},
                                           {"b", borrow(b, {T})}};
  std::map<std::string, sluice::Tensor> out{{"h", borrow(h, {T})}};
  std::fill(h.begin(), h.end(), 0.0f);
  double sluiceMs = timeMs([&] { model->runInto(in, out); }, o.warmup, o.repeat);
  printRow({"linrec sluice", shape, sluiceMs, bytes}, maxError(h.data(), ref),
           cpuNote());
  printRatio("the sequential loop", sluiceMs, loopMs);
  printRatio("tbb::parallel_scan", sluiceMs, pscanMs);

  auto cloop = [&] {
    float x = 0;
    for (int64_t i = 0; i < T; ++i) {
      x += b[i];
      h[i] = x;
    }
  };
  double cloopMs = timeMs(cloop, o.warmup, o.repeat);
  printRow({"cumsum sequential loop", shape, cloopMs, 8.0 * T},
           maxError(h.data(), cref), cpuNote());
  std::fill(h.begin(), h.end(), 0.0f);
  double stdMs = timeMs([&] { std::inclusive_scan(b.begin(), b.end(), h.begin()); },
                        o.warmup, o.repeat);
  printRow({"cumsum std::inclusive_scan", shape, stdMs, 8.0 * T},
           maxError(h.data(), cref), cpuNote());
  auto cmodel = sluice::compileString(kCumsumOne, "cumsum_one.sl");
  std::map<std::string, sluice::Tensor> cin{{"x", borrow(b, {T})}};
  std::map<std::string, sluice::Tensor> cout{{"c", borrow(h, {T})}};
  std::fill(h.begin(), h.end(), 0.0f);
  double csluiceMs = timeMs([&] { cmodel->runInto(cin, cout); }, o.warmup, o.repeat);
  printRow({"cumsum sluice", shape, csluiceMs, 8.0 * T}, maxError(h.data(), cref),
           cpuNote());
  printRatio("the sequential loop", csluiceMs, cloopMs);
  printRatio("std::inclusive_scan", csluiceMs, stdMs);
  std::printf("\n");
}

//===----------------------------------------------------------------------===//
// A fused layer: Hawk RG-LRU without its matmuls
//===----------------------------------------------------------------------===//

const char *kHawk = R"(
model hawk_gates {
  dims B, T, D
  input x  : f32[B, T, D]
  input ga : f32[B, T, D]     # x @ Wa + ba, computed elsewhere
  input gi : f32[B, T, D]     # x @ Wx + bx
  param lam : f32[D]
  let r    = sigmoid(ga)
  let i    = sigmoid(gi)
  let loga = -8.0 * r * softplus(-lam)
  let u    = sqrt(1.0 - exp(2.0 * loga)) * (i * x)
  scan t over T { h[t] = exp(loga[t]) * h[t-1] + u[t] }
  output h
}
)";

void benchFusedLayer(const Options &o) {
  int64_t B = 8, T = o.quick ? 512 : 2048, D = 1024;
  size_t n = B * T * D;
  auto x = randomVector(n, -1, 1, 5), ga = randomVector(n, -2, 2, 6),
       gi = randomVector(n, -2, 2, 7), lam = randomVector(D, -1, 3, 8);
  std::vector<float> h(n);
  std::vector<double> ref(n);
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  for (int64_t bi = 0; bi < B; ++bi) {
    std::vector<double> s(D, 0.0);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t d = 0; d < D; ++d) {
        size_t k = (bi * T + t) * D + d;
        double sp = std::log1p(std::exp(-lam[d]));
        double loga = -8.0 * sigmoid(ga[k]) * sp;
        double u = std::sqrt(1.0 - std::exp(2 * loga)) * (sigmoid(gi[k]) * x[k]);
        s[d] = std::exp(loga) * s[d] + u;
        ref[k] = s[d];
      }
  }
  std::string shape = "(" + std::to_string(B) + "," + std::to_string(T) + "," +
                      std::to_string(D) + ")";
  double unique = 4.0 * (4 * n + D); // x, ga, gi read, h written, lam
  std::map<std::string, sluice::Tensor> in{{"x", borrow(x, {B, T, D})},
                                           {"ga", borrow(ga, {B, T, D})},
                                           {"gi", borrow(gi, {B, T, D})},
                                           {"lam", borrow(lam, {D})}};
  std::map<std::string, sluice::Tensor> out{{"h", borrow(h, {B, T, D})}};
  sluice::CompileOptions off;
  off.fusion = false;
  auto unfused = sluice::compileString(kHawk, "hawk_gates.sl", off);
  double offMs = timeMs([&] { unfused->runInto(in, out); }, o.warmup, o.repeat);
  printRow({"hawk gates sluice, fusion off", shape, offMs, unique},
           maxError(h.data(), ref),
           "(moves " + std::to_string(unfused->trafficBytes(in) / unique).substr(0, 4) +
               "x the unique bytes)");
  std::fill(h.begin(), h.end(), 0.0f);
  auto fused = sluice::compileString(kHawk, "hawk_gates.sl");
  double onMs = timeMs([&] { fused->runInto(in, out); }, o.warmup, o.repeat);
  printRow({"hawk gates sluice, fused", shape, onMs, unique},
           maxError(h.data(), ref),
           "(moves " + std::to_string(fused->trafficBytes(in) / unique).substr(0, 4) +
               "x the unique bytes)");
  printRatio("the same model with fusion off", onMs, offMs);
  std::printf("\n");
}

//===----------------------------------------------------------------------===//
// Compile time
//===----------------------------------------------------------------------===//

/// The .sl files of `dir`; throws std::runtime_error naming it when it
/// cannot be read.
std::vector<std::filesystem::path> exampleFiles(const std::string &dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (std::filesystem::directory_iterator it(dir, error), end;
       !error && it != end; it.increment(error))
    if (it->path().extension() == ".sl")
      files.push_back(it->path());
  if (error)
    throw std::runtime_error("cannot read the examples directory '" + dir +
                             "': " + error.message() + " (give --examples DIR)");
  return files;
}

/// The time of a model's first call on zero inputs with few channels (T = 64,
/// every other named dim 2): the look-back scan kernels, deferred until a
/// call selects them, compile in it. Negative when the call fails.
double firstCallMs(const sluice::Model &model) {
  std::map<std::string, sluice::Tensor> args;
  std::vector<std::string> names = model.inputNames();
  for (const std::string &p : model.paramNames())
    names.push_back(p);
  for (const std::string &name : names) {
    std::vector<int64_t> shape;
    for (const std::string &d : model.argumentDims(name))
      shape.push_back(std::isdigit(static_cast<unsigned char>(d[0]))
                          ? std::stoll(d)
                          : d == "T" ? 64 : 2);
    args[name] = sluice::Tensor(model.argumentType(name), shape);
  }
  try {
    auto start = Clock::now();
    model.run(args);
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  } catch (const sluice::Error &) {
    return -1;
  }
}

/// Compile times of every example: a first compile and call (the JIT's
/// object cache pointed at an empty folder, so LLVM compiles everything:
/// what a user waits for the first time), the in-memory compile cache's
/// answer, and a compile and first call of the same model in a new text
/// (the in-memory cache misses) whose kernels the object cache now holds:
/// what a user waits for when running a model again.
void benchCompile(const Options &o) {
  std::printf("%-24s %14s %16s %16s %16s\n", "example", "compile ms",
              "first call ms", "cache hit ms", "disk cache ms");
  char folder[] = "/tmp/sluice-bench-objects-XXXXXX";
  if (!::mkdtemp(folder))
    throw std::runtime_error("cannot create a temporary folder");
  const char *given = std::getenv("SLUICE_CACHE_DIR");
  std::string saved = given ? given : "";
  std::vector<std::filesystem::path> files = exampleFiles(o.examples);
  std::sort(files.begin(), files.end());
  static int salt = 0;
  for (const auto &path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    // A unique trailing comment defeats the in-memory cache.
    auto salted = [&] {
      return text.str() + "\n# bench " + std::to_string(++salt) + "\n";
    };
    std::string source = salted();
    sluice::CompileOptions options;
    // A folder of its own: no example finds another's objects.
    std::string exampleFolder =
        std::string(folder) + "/" + path.stem().string();
    ::setenv("SLUICE_CACHE_DIR", exampleFolder.c_str(), 1);
    auto msSince = [](Clock::time_point start) {
      return std::chrono::duration<double, std::milli>(Clock::now() - start)
          .count();
    };
    try {
      auto start = Clock::now();
      auto first = sluice::compileString(source, path.string(), options);
      double cold = msSince(start);
      double call = firstCallMs(*first);
      start = Clock::now();
      auto second = sluice::compileString(source, path.string(), options);
      double hit = msSince(start);
      start = Clock::now();
      auto again = sluice::compileString(salted(), path.string(), options);
      double disk = msSince(start) + firstCallMs(*again);
      std::printf("%-24s %14.1f %16.1f %16.3f %16.1f\n",
                  path.stem().string().c_str(), cold, call, hit, disk);
    } catch (const sluice::Error &e) {
      // A file with several models needs --model: compile the first.
      std::printf("%-24s %14s %16s %16s %16s  (%s)\n",
                  path.stem().string().c_str(), "-", "-", "-", "-",
                  "several models");
    }
  }
  std::filesystem::remove_all(folder);
  if (given)
    ::setenv("SLUICE_CACHE_DIR", saved.c_str(), 1);
  else
    ::unsetenv("SLUICE_CACHE_DIR");
  std::printf("\n");
}

/// A child process spinning on one core until the benchmark ends (it dies
/// with its parent); its pid.
pid_t startBusyProcess() {
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(0);
    volatile uint64_t spin = 0;
    for (;;)
      spin = spin + 1;
  }
  return child;
}

} // namespace

int main(int argc, char **argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  // Every contender runs with denormals flushed, as sluice's kernels do
  // (TBB workers inherit the mode): otherwise long products of decays in
  // the scans' aggregates crawl through denormals in the baselines only.
  _mm_setcsr(_mm_getcsr() | 0x8040);
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      o.quick = true;
      o.repeat = 3;
      o.warmup = 1;
    } else if (arg == "--examples" && i + 1 < argc) {
      o.examples = argv[++i];
    } else if (arg == "--compile-only") {
      o.compileOnly = true;
    } else if (arg == "--long-only") {
      o.longOnly = true;
    } else if (arg == "--busy") {
      o.busy = true;
    } else if (arg == "--threads" && i + 1 < argc) {
      o.threads = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_cpu [--quick] [--compile-only] "
                           "[--long-only] [--busy] [--threads N] [--examples DIR]\n");
      return 1;
    }
  }
  try {
    exampleFiles(o.examples); // before minutes of benchmarks
    if (o.compileOnly) {
      benchCompile(o);
      return 0;
    }
    std::unique_ptr<tbb::global_control> cap;
    if (o.threads > 0)
      cap = std::make_unique<tbb::global_control>(
          tbb::global_control::max_allowed_parallelism, o.threads);
    pid_t busy = o.busy ? startBusyProcess() : 0;
    std::printf("sluice CPU benchmark (%d threads; median of %d calls after "
                "%d warm-up calls%s)\n\n",
                tbb::this_task_arena::max_concurrency(), o.repeat, o.warmup,
                busy > 0 ? "; a competing process keeps one core busy" : "");
    benchCopy(o);
    printHeader();
    if (!o.longOnly)
      benchManyChannels(o);
    benchLongChannel(o);
    if (!o.longOnly) {
      benchFusedLayer(o);
      benchCompile(o);
    }
    if (busy > 0) {
      kill(busy, SIGKILL);
      waitpid(busy, nullptr, 0);
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "bench_cpu: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
