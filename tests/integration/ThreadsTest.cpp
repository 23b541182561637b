//===- ThreadsTest.cpp - One compiled model, run from 8 threads at once ---===//
//
// A Model's run() is documented as safe to call from many threads at once.
// Here one compiled model (params bound once) is run by 8 std::threads that
// start together, each with its own inputs (different values and different
// B and T, so every call binds its own dims) for several calls; every result
// is checked against the reference computed beforehand on the main thread.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::itest;

namespace {

constexpr int kThreads = 8;
constexpr int kCallsPerThread = 4;

struct ThreadCase {
  std::string file;     ///< in examples/
  std::string strategy; ///< "" or a forced scan strategy
  Ranges ranges;
  /// The shortest T of a call (calls add up to ~300 steps). Above one
  /// look-back block (8 lanes x 4112 steps) the blocks of one call chain
  /// their carries while other calls compete for the workers.
  int64_t minT = 40;
  int64_t D = 16;
  /// Calls per thread (long cases make one each: the float64 reference that
  /// checks them walks T op by op).
  int calls = kCallsPerThread;
};

void PrintTo(const ThreadCase &c, std::ostream *os) {
  *os << c.file << (c.strategy.empty() ? "" : " " + c.strategy) << " T>="
      << c.minT << " D=" << c.D;
}

class ThreadsTest : public testing::TestWithParam<ThreadCase> {};

TEST_P(ThreadsTest, OneModelManyThreads) {
  const ThreadCase &tc = GetParam();
  std::string path = std::string(SLUICE_EXAMPLES_DIR) + "/" + tc.file;
  CompileOptions cpuOptions;
  cpuOptions.scanStrategy = tc.strategy;
  std::shared_ptr<Model> cpu = compileFile(path, cpuOptions);
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  std::shared_ptr<Model> reference = compileFile(path, refOptions);

  // Params: drawn once, bound once on both models.
  const int64_t D = tc.D;
  std::map<std::string, Tensor> params =
      drawArguments(*cpu, {{"B", 1}, {"T", 1}, {"D", D}}, tc.ranges, 7);
  for (const std::string &name : cpu->paramNames()) {
    cpu->setParam(name, params.at(name));
    reference->setParam(name, params.at(name));
  }

  // Each call's inputs and its expected outputs, before any thread starts.
  struct Call {
    std::map<std::string, Tensor> inputs;
    std::map<std::string, Tensor> want;
    std::map<std::string, Tensor> got;
    std::string error;
  };
  std::vector<std::vector<Call>> calls(kThreads);
  for (int i = 0; i < kThreads; ++i)
    for (int j = 0; j < tc.calls; ++j) {
      Dims dims = {{"B", 1 + (i + j) % 3}, {"T", tc.minT + 37 * i + 11 * j},
                   {"D", D}};
      std::map<std::string, Tensor> inputs;
      for (const std::string &name : cpu->inputNames())
        inputs[name] = drawArguments(*cpu, dims, tc.ranges,
                                     1000 + 100 * i + j).at(name);
      Call call;
      call.inputs = inputs;
      call.want = reference->run(inputs);
      calls[i].push_back(std::move(call));
    }

  // All threads wait at the gate, then run their calls at the same time.
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (!go.load())
        std::this_thread::yield();
      for (Call &call : calls[i]) {
        try {
          call.got = cpu->run(call.inputs);
        } catch (const std::exception &e) {
          call.error = e.what();
        }
      }
    });
  while (ready.load() < kThreads)
    std::this_thread::yield();
  go.store(true);
  for (std::thread &t : threads)
    t.join();

  for (int i = 0; i < kThreads; ++i)
    for (int j = 0; j < tc.calls; ++j) {
      SCOPED_TRACE("thread " + std::to_string(i) + ", call " +
                   std::to_string(j));
      const Call &call = calls[i][j];
      EXPECT_EQ(call.error, "");
      expectOutputsMatch(call.got, call.want);
    }
}

// Compiling is also allowed from several threads at once (each compilation
// has its own MLIR context; the compile cache is shared): 8 threads each
// compile their own model text, and some the same text, then run it.
TEST(Threads, CompileFromManyThreads) {
  std::vector<std::string> errors(kThreads);
  std::vector<std::vector<double>> results(kThreads);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go.load())
        std::this_thread::yield();
      try {
        // Threads 0..3 compile distinct texts, 4..7 repeat them.
        std::string scale = std::to_string(1 + i % 4) + ".0";
        std::string text = "model m {\n  dims T, D\n  input x : f32[T, D]\n"
                           "  scan t over T { h[t] = 0.5 * h[t-1] + " +
                           scale + " * x[t] }\n  output h\n}\n";
        CompileOptions options;
        options.scanStrategy = i % 2 ? "chunked" : "";
        std::shared_ptr<Model> m = compileString(text, "threads.sl", options);
        Tensor x(DType::F32, {5, 2});
        for (int64_t k = 0; k < x.numElements(); ++k)
          x.setDouble(k, 1.0);
        results[i] = m->run({{"x", x}}).at("h").toDoubles();
      } catch (const std::exception &e) {
        errors[i] = e.what();
      }
    });
  go.store(true);
  for (std::thread &t : threads)
    t.join();
  for (int i = 0; i < kThreads; ++i) {
    SCOPED_TRACE("thread " + std::to_string(i));
    EXPECT_EQ(errors[i], "");
    ASSERT_EQ(results[i].size(), 10u);
    // h[t] = 0.5 h[t-1] + s, from 0: s (2 - 2^-t).
    double s = 1 + i % 4, h = 0;
    for (int t = 0; t < 5; ++t) {
      h = 0.5 * h + s;
      EXPECT_DOUBLE_EQ(results[i][2 * t], h);
      EXPECT_DOUBLE_EQ(results[i][2 * t + 1], h);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, ThreadsTest,
    testing::Values(ThreadCase{"hawk_rglru.sl", "", {}},
                    ThreadCase{"ema.sl", "chunked", {{"alpha", {0.05, 0.95}}}},
                    ThreadCase{"ema.sl", "channel_parallel",
                               {{"alpha", {0.05, 0.95}}}},
                    ThreadCase{"ema.sl", "chunked", {{"alpha", {0.05, 0.95}}},
                               70001, 2, 1},
                    ThreadCase{"second_order.sl", "chunked",
                               {{"c1", {-0.45, 0.45}}, {"c2", {-0.45, 0.45}}},
                               70001, 1, 1},
                    ThreadCase{"maxplus.sl", "chunked", {}, 70001, 1, 1},
                    ThreadCase{"tanh_rnn.sl", "", {}},
                    ThreadCase{"cumulative_ops.sl", "", {}}),
    [](const testing::TestParamInfo<ThreadCase> &info) {
      std::string name = info.param.file.substr(0, info.param.file.size() - 3);
      if (!info.param.strategy.empty())
        name += "_" + info.param.strategy;
      if (info.param.minT > 32896)
        name += "_multiblock";
      return name;
    });

} // namespace
