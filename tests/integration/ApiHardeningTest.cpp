//===- ApiHardeningTest.cpp - The API under misuse, memory and thread limits ===//
//
// Every API error is a sluice::Error (null and negative-size tensors, sizes
// that overflow, allocations that fail); the compile cache is bounded (LRU),
// clearable, frees evicted models once no handle uses them and compiles a
// text once when threads race for it; CompileOptions::threads and
// SLUICE_NUM_THREADS bound the threads a call runs on.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"
#include "sluice/sluice.h"

#include "runtime/cpu/CpuExecutor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

using namespace sluice;
using namespace sluice::itest;

namespace {

/// A distinct model text for each `n` (a cache key of its own).
std::string scaleModel(int n) {
  return "model scale" + std::to_string(n) +
         " {\n  dims T\n  input x : f32[T]\n  output y = x * " +
         std::to_string(n) + ".0\n}\n";
}

constexpr int64_t k2To32 = int64_t(1) << 32;

TEST(ApiHardening, TensorMisuseIsSluiceError) {
  EXPECT_NE(errorOf([] { Tensor::borrow(nullptr, DType::F32, {4}); })
                .find("null data"),
            std::string::npos);
  EXPECT_NE(errorOf([] { Tensor(DType::F32, {-1, 4}); }).find("negative"),
            std::string::npos);
  EXPECT_NE(errorOf([] { Tensor(DType::F32, {k2To32, k2To32, 4}); })
                .find("shape [4294967296, 4294967296, 4] has more than 2^63 bytes"),
            std::string::npos);
  std::vector<float> data(4);
  EXPECT_NE(errorOf([&] {
              Tensor::borrow(data.data(), DType::F32, {k2To32, k2To32, 4});
            }).find("has more than 2^63 bytes"),
            std::string::npos);
  EXPECT_NE(errorOf([] { Tensor::fromDoubles({2}, {1.0}); }), "");
  auto model = compileString(scaleModel(1), "scale.sl");
  EXPECT_NE(errorOf([&] { model->run({{"x", Tensor()}}); }), "");
}

TEST(ApiHardening, FailedAllocationsNameTheirSize) {
  // x fits in memory as a borrowed view of nothing (T = 0 is fine); a
  // result of 2^60 bytes does not: the run fails with its size.
  auto model = compileString(scaleModel(2), "scale.sl");
  std::vector<float> data(1);
  // A stride of 0 lets a one-element array stand for 2^58 elements.
  Tensor x = Tensor::borrow(data.data(), DType::F32, {int64_t(1) << 58}, {0});
  std::string what = errorOf([&] { model->run({{"x", x}}); });
  EXPECT_NE(what.find("could not allocate 1152921504606846976 bytes"),
            std::string::npos)
      << what;
  // ... and what it was for: x is strided (stride 0), so the run first
  // makes it contiguous.
  EXPECT_NE(what.find("for a contiguous copy of 'x' of model 'scale2'"),
            std::string::npos)
      << what;
  // A result too large names the output.
  Tensor wide = Tensor::borrow(data.data(), DType::F32, {int64_t(1) << 58});
  what = errorOf([&] { model->run({{"x", wide}}); });
  EXPECT_NE(what.find("for output 'y' of model 'scale2'"), std::string::npos)
      << what;
}

TEST(ApiHardening, CompileCacheIsBoundedAndFreesEvictedModels) {
  clearCompileCache();
  setCompileCacheCapacity(2);
  CompileCacheStats start = compileCacheStats();
  EXPECT_EQ(start.entries, 0u);
  {
    std::shared_ptr<Model> held = compileString(scaleModel(100), "s.sl");
    for (int n = 101; n < 105; ++n)
      compileString(scaleModel(n), "s.sl");
    CompileCacheStats s = compileCacheStats();
    EXPECT_EQ(s.entries, 2u);
    EXPECT_EQ(s.capacity, 2u);
    EXPECT_EQ(s.compiles - start.compiles, 5u);
    EXPECT_EQ(s.evictions - start.evictions, 3u);
    EXPECT_EQ(s.alive, 3u); // two cached, one evicted but held
    // The held handle still works after its model left the cache.
    Tensor x(DType::F32, {3});
    x.setDouble(1, 2.0);
    EXPECT_EQ(held->run({{"x", x}}).at("y").getDouble(1), 200.0);
  }
  EXPECT_EQ(compileCacheStats().alive, 2u); // freed once the handle is gone
  // A hit: the same text and options again compile nothing.
  CompileCacheStats before = compileCacheStats();
  compileString(scaleModel(104), "s.sl");
  CompileCacheStats after = compileCacheStats();
  EXPECT_EQ(after.compiles, before.compiles);
  EXPECT_EQ(after.hits, before.hits + 1);
  clearCompileCache();
  EXPECT_EQ(compileCacheStats().entries, 0u);
  EXPECT_EQ(compileCacheStats().alive, 0u);
  setCompileCacheCapacity(64);
}

TEST(ApiHardening, ThreadsRacingForOneTextCompileItOnce) {
  std::string text = scaleModel(200);
  CompileCacheStats before = compileCacheStats();
  std::atomic<bool> go{false};
  std::vector<std::shared_ptr<Model>> models(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < models.size(); ++i)
    threads.emplace_back([&, i] {
      while (!go.load())
        std::this_thread::yield();
      models[i] = compileString(text, "race.sl");
    });
  go = true;
  for (std::thread &t : threads)
    t.join();
  CompileCacheStats after = compileCacheStats();
  EXPECT_EQ(after.compiles - before.compiles, 1u);
  EXPECT_EQ(after.hits - before.hits, 7u);
  for (const auto &m : models)
    ASSERT_TRUE(m);
  // An error is not cached, and reaches every racer.
  std::string bad = "model bad {\n  dims T\n  input x : f32[T]\n  output y = z\n}\n";
  std::atomic<int> failures{0};
  threads.clear();
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      try {
        compileString(bad, "bad.sl");
      } catch (const Error &) {
        ++failures;
      }
    });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 4);
}

std::mutex probeMutex;
std::set<std::thread::id> probeThreads;
void recordThread() {
  std::lock_guard<std::mutex> lock(probeMutex);
  probeThreads.insert(std::this_thread::get_id());
}

/// The distinct threads that ran kernel tasks during `body`.
template <typename F> size_t threadsUsedBy(F &&body) {
  probeThreads.clear();
  runtime::setTaskProbe(recordThread);
  body();
  runtime::setTaskProbe(nullptr);
  return probeThreads.size();
}

TEST(ApiHardening, ThreadsOptionBoundsTheThreadsOfACall) {
  // Rows of x are the kernel's work items: 64 of them run as several tasks.
  const char *text = "model wide {\n  dims B, T\n  input x : f32[B, T]\n"
                     "  output y = x * 3.0 + 1.0\n}\n";
  Tensor x(DType::F32, {64, 1 << 16});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.setDouble(i, static_cast<double>(i % 100));
  CompileOptions one;
  one.threads = 1;
  auto limited = compileString(text, "wide.sl", one);
  auto free = compileString(text, "wide.sl");
  std::map<std::string, Tensor> limitedOut, freeOut;
  EXPECT_EQ(threadsUsedBy([&] { limitedOut = limited->run({{"x", x}}); }), 1u);
  // Without a limit TBB's workers join (the probe can see it; a busy
  // machine may need a few calls before a worker steals a task).
  size_t all = 0;
  for (int attempt = 0; attempt < 20 && all < 2; ++attempt)
    all = threadsUsedBy([&] { freeOut = free->run({{"x", x}}); });
  if (std::thread::hardware_concurrency() > 1)
    EXPECT_GT(all, 1u);
  EXPECT_EQ(limitedOut.at("y").toDoubles(), freeOut.at("y").toDoubles());
  CompileOptions bad;
  bad.threads = -2;
  EXPECT_NE(errorOf([&] { compileString(text, "wide.sl", bad); }), "");
}

TEST(ApiHardening, NumThreadsEnvironmentVariable) {
  const char *text = "model env {\n  dims B, T\n  input x : f32[B, T]\n"
                     "  output y = x + 1.0\n}\n";
  ::setenv("SLUICE_NUM_THREADS", "1", 1);
  auto limited = compileString(text, "env.sl");
  ::setenv("SLUICE_NUM_THREADS", "nope", 1);
  std::string what = errorOf([&] { compileString(text, "env.sl"); });
  ::unsetenv("SLUICE_NUM_THREADS");
  EXPECT_EQ(what, "SLUICE_NUM_THREADS must be an integer from 1 to 4096, got 'nope'");
  Tensor x(DType::F32, {64, 1 << 16});
  EXPECT_EQ(threadsUsedBy([&] { limited->run({{"x", x}}); }), 1u);
}

} // namespace
