//===- LookbackThreadsTest.cpp - Look-back results do not depend on the workers ===//
//
// The look-back schedule hands blocks (8 lanes x 4112 steps = 32896) to
// whichever worker is free and chains the carries through whoever holds
// the chain, but every block's aggregate, carry and apply is the same
// computation whoever runs it: results must be bit for bit the same with
// 1, 2 and 8 threads, from 8 callers at once, and while a busy thread
// competes for the cores; and they must match the float64 reference. The
// sizes cross block boundaries (one step short of two blocks, exactly two,
// one past, three and a part). Every kind of scan the look-back runs:
// first-order linear (f32, f64, bf16 storage), k = 2 with inits, max-plus,
// reverse and exclusive prefix ops.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <atomic>
#include <cstring>
#include <thread>

using namespace sluice;
using namespace sluice::itest;

namespace {

constexpr int64_t kBlock = 8 * 4112;
const int64_t kLengths[] = {2 * kBlock - 1, 2 * kBlock, 2 * kBlock + 1,
                            3 * kBlock + 5000};

const char *kSource = R"(
model lookback_kinds {
  dims T
  input a : f32[T]
  input x : f32[T]
  input d : f64[T]
  input wa : bf16[T]
  input w : bf16[T]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  scan i over T { g[i] = 0.999 * g[i-1] + d[i] }
  scan j over T { v[j] = wa[j] * v[j-1] + w[j] }
  scan k over T {
    p[k] = 0.5 * p[k-1] - 0.2 * q[k-1] + x[k]
    q[k] = p[k-1]
  }
  scan l over T { m[l] = max(m[l-1] + x[l] * 0.01, x[l]) }
  output h, g, v, p, m,
         s = cumsum(x, T, exclusive=true),
         r = cumsum(x, T, reverse=true),
         n = cummax(x, T, reverse=true, exclusive=true)
}
)";

const Ranges kRanges = {{"a", {0.5, 1.0}}, {"wa", {0.5, 1.0}}};

/// The model compiled for the look-back with at most `threads` threads.
std::shared_ptr<Model> compileLookback(int threads) {
  CompileOptions options;
  options.scanStrategy = "chunked";
  options.threads = threads;
  return compileString(kSource, "lookback_kinds.sl", options);
}

/// Bitwise equality of two results.
::testing::AssertionResult identical(const Tensor &got, const Tensor &want) {
  if (got.dtype() != want.dtype() || got.shape() != want.shape())
    return ::testing::AssertionFailure() << "dtype or shape differs";
  size_t bytes = static_cast<size_t>(got.numElements()) *
                 runtime::dtypeSize(got.dtype());
  if (std::memcmp(got.data(), want.data(), bytes) != 0)
    return ::testing::AssertionFailure() << "values differ";
  return ::testing::AssertionSuccess();
}

void expectIdentical(const std::map<std::string, Tensor> &got,
                     const std::map<std::string, Tensor> &want,
                     const std::string &what) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto &[name, tensor] : want)
    EXPECT_TRUE(identical(got.at(name), tensor)) << name << ", " << what;
}

struct Fixture {
  std::shared_ptr<Model> one = compileLookback(1);
  std::map<int64_t, std::map<std::string, Tensor>> inputs, want;

  Fixture() {
    for (int64_t T : kLengths) {
      inputs[T] = drawArguments(*one, {{"T", T}},
                                kRanges,
                                static_cast<uint64_t>(T));
      want[T] = one->run(inputs[T]);
    }
  }
};

TEST(LookbackThreads, MatchesTheReference) {
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto reference = compileString(kSource, "lookback_kinds.sl", refOptions);
  auto cpu = compileLookback(2);
  for (int64_t T : {2 * kBlock + 1, 3 * kBlock + 5000}) {
    auto inputs = drawArguments(*cpu, {{"T", T}},
                                kRanges, 5);
    expectOutputsMatch(cpu->run(inputs), reference->run(inputs));
  }
}

TEST(LookbackThreads, SameBitsWithOneTwoAndEightThreads) {
  Fixture f;
  for (int threads : {2, 8}) {
    auto model = compileLookback(threads);
    for (int64_t T : kLengths)
      expectIdentical(model->run(f.inputs[T]), f.want[T],
                      "T=" + std::to_string(T) + ", " +
                          std::to_string(threads) + " threads");
  }
}

TEST(LookbackThreads, SameBitsFromEightCallersWithABusyThread) {
  Fixture f;
  auto model = compileLookback(0);
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    volatile uint64_t spin = 0;
    while (!stop.load(std::memory_order_relaxed))
      spin = spin + 1;
  });
  std::vector<std::thread> callers;
  std::vector<std::map<std::string, Tensor>> got(8);
  for (int i = 0; i < 8; ++i)
    callers.emplace_back([&, i] {
      got[i] = model->run(f.inputs[kLengths[i % 4]]);
    });
  for (std::thread &t : callers)
    t.join();
  stop = true;
  busy.join();
  for (int i = 0; i < 8; ++i)
    expectIdentical(got[i], f.want[kLengths[i % 4]],
                    "caller " + std::to_string(i));
}

} // namespace
