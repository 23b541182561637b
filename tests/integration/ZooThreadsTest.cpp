//===- ZooThreadsTest.cpp - The model zoo, run from 8 threads at once -----===//
//
// Every model of the zoo (examples/: hawk_rglru, mingru, selective_scan,
// mamba2_ssd, gla, retnet, mlstm, linoss_im, rwkv4_wkv, s4d) is compiled once, its
// params bound once, and run by 8 std::threads that start together, each with
// its own inputs (different values, B and T per call), with the default scan
// strategy (few channels here: the look-back scan) and with channel_parallel
// forced. Every result is checked against the float64 reference computed
// beforehand on the main thread. (tests/numpy/ checks the same models against
// NumPy formulas, one process per run.)
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::itest;

namespace {

constexpr int kThreads = 8;
constexpr int kCallsPerThread = 2;

struct ZooCase {
  std::string file;     ///< in examples/
  std::string strategy; ///< "" or a forced scan strategy
};

void PrintTo(const ZooCase &c, std::ostream *os) {
  *os << c.file << (c.strategy.empty() ? "" : " " + c.strategy);
}

/// Small sizes for the non-batch dims (few channels); B and T vary per call.
int64_t zooDim(const std::string &name) {
  static const Dims sizes = {{"D", 3}, {"N", 2}, {"P", 3},
                             {"H", 2}, {"K", 3}, {"V", 2}};
  auto it = sizes.find(name);
  return it == sizes.end() ? 2 : it->second;
}

/// Ranges that keep the decays below 1 (the reference is float64, the CPU
/// f32: a growing state would overflow in one and not the other). LinOSS
/// with relu(Ahat) = 0 is a double integrator, growing like T^2: its f32
/// rounding then exceeds the 1e-5 bound after a few hundred steps.
const Ranges &zooRanges() {
  static const Ranges ranges = {
      {"dt", {0.01, 0.5}}, {"A", {-1.0, -0.1}}, {"Ahat", {0.1, 1.0}}};
  return ranges;
}

class ZooThreadsTest : public testing::TestWithParam<ZooCase> {};

TEST_P(ZooThreadsTest, OneModelEightThreads) {
  const ZooCase &zc = GetParam();
  std::string path = std::string(SLUICE_EXAMPLES_DIR) + "/" + zc.file;
  CompileOptions cpuOptions;
  cpuOptions.scanStrategy = zc.strategy;
  std::shared_ptr<Model> cpu = compileFile(path, cpuOptions);
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  std::shared_ptr<Model> reference = compileFile(path, refOptions);

  Dims fixed;
  std::vector<std::string> args = cpu->inputNames();
  for (const std::string &name : cpu->paramNames())
    args.push_back(name);
  for (const std::string &arg : args)
    for (const std::string &dim : cpu->argumentDims(arg))
      fixed[dim] = zooDim(dim);
  Dims paramDims = fixed;
  paramDims["B"] = 1;
  paramDims["T"] = 1;
  std::map<std::string, Tensor> params =
      drawArguments(*cpu, paramDims, zooRanges(), 7);
  for (const std::string &name : cpu->paramNames()) {
    cpu->setParam(name, params.at(name));
    reference->setParam(name, params.at(name));
  }

  struct Call {
    std::map<std::string, Tensor> inputs, want, got;
    std::string error;
  };
  std::vector<std::vector<Call>> calls(kThreads);
  for (int i = 0; i < kThreads; ++i)
    for (int j = 0; j < kCallsPerThread; ++j) {
      Dims dims = fixed;
      dims["B"] = 1 + (i + j) % 3;
      dims["T"] = 40 + 37 * i + 11 * j;
      Call call;
      std::map<std::string, Tensor> drawn =
          drawArguments(*cpu, dims, zooRanges(), 1000 + 100 * i + j);
      for (const std::string &name : cpu->inputNames())
        call.inputs[name] = drawn.at(name);
      call.want = reference->run(call.inputs);
      calls[i].push_back(std::move(call));
    }

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
    for (int j = 0; j < kCallsPerThread; ++j) {
      SCOPED_TRACE("thread " + std::to_string(i) + ", call " +
                   std::to_string(j));
      EXPECT_EQ(calls[i][j].error, "");
      expectOutputsMatch(calls[i][j].got, calls[i][j].want);
    }
}

std::vector<ZooCase> zooCases() {
  std::vector<ZooCase> cases;
  for (const char *file :
       {"hawk_rglru.sl", "mingru.sl", "selective_scan.sl", "mamba2_ssd.sl",
        "gla.sl", "retnet.sl", "mlstm.sl", "linoss_im.sl", "rwkv4_wkv.sl",
        "s4d.sl"})
    for (const char *strategy : {"", "channel_parallel"})
      cases.push_back({file, strategy});
  return cases;
}

std::string zooName(const testing::TestParamInfo<ZooCase> &info) {
  std::string name = info.param.file.substr(0, info.param.file.size() - 3);
  return info.param.strategy.empty() ? name : name + "_" + info.param.strategy;
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooThreadsTest, testing::ValuesIn(zooCases()),
                         zooName);

} // namespace
