//===- ScanStrategyThreadsTest.cpp - The scan strategy follows the threads ===//
//
// The plan picks the channel-parallel scan when the channels C reach 2 per
// thread ([T, D]: channels next to each other in memory) or the steps are
// fewer than 2048, else the look-back scan. The threads are those the call
// has when it runs (the current TBB arena), not those of the machine that
// compiled the model: with C = 3 over 5000 steps, one thread takes
// channel-parallel and two take look-back; over 100 steps both take
// channel-parallel. The chosen strategy shows in the bytes a call moves (the
// look-back scan also writes its lane aggregates and block carries).
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <tbb/task_arena.h>

using namespace sluice;
using namespace sluice::itest;

namespace {

const char *kSource = R"(
model ema {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = 0.9 * h[t-1] + x[t] }
  output h
}
)";

/// trafficBytes and the outputs of `model` on `inputs`, in an arena of
/// `threads` threads.
std::pair<int64_t, std::map<std::string, Tensor>>
runWithThreads(const Model &model, const std::map<std::string, Tensor> &inputs,
               int threads) {
  tbb::task_arena arena(threads);
  std::pair<int64_t, std::map<std::string, Tensor>> result;
  arena.execute([&] {
    result.first = model.trafficBytes(inputs);
    result.second = model.run(inputs);
  });
  return result;
}

/// The bytes each forced strategy moves on `inputs`.
std::pair<int64_t, int64_t>
forcedBytes(const std::map<std::string, Tensor> &inputs) {
  CompileOptions channels, lookback;
  channels.scanStrategy = "channel_parallel";
  lookback.scanStrategy = "chunked";
  return {compileString(kSource, "ema.sl", channels)->trafficBytes(inputs),
          compileString(kSource, "ema.sl", lookback)->trafficBytes(inputs)};
}

TEST(ScanStrategyThreads, FewStepsTakeTheWalkWhateverTheThreads) {
  auto model = compileString(kSource, "ema.sl");
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto reference = compileString(kSource, "ema.sl", refOptions);
  auto inputs = drawArguments(*reference, {{"T", 100}, {"D", 3}}, {}, 3);
  auto want = reference->run(inputs);
  auto [channelBytes, lookbackBytes] = forcedBytes(inputs);
  ASSERT_NE(channelBytes, lookbackBytes);
  for (int threads : {1, 2, 4}) {
    auto [bytes, out] = runWithThreads(*model, inputs, threads);
    EXPECT_EQ(bytes, channelBytes) << "100 steps, " << threads << " threads";
    EXPECT_TRUE(matches(out.at("h"), want.at("h")));
  }
}

TEST(ScanStrategyThreads, DecidedWithTheCallersThreads) {
  const int64_t T = 5000, D = 3;
  auto model = compileString(kSource, "ema.sl");
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto reference = compileString(kSource, "ema.sl", refOptions);
  auto inputs = drawArguments(*reference, {{"T", T}, {"D", D}}, {}, 3);
  auto want = reference->run(inputs);
  // Exactly what each strategy moves, from the forced plans.
  auto [channelBytes, lookbackBytes] = forcedBytes(inputs);
  ASSERT_NE(channelBytes, lookbackBytes);

  auto [oneBytes, oneOut] = runWithThreads(*model, inputs, 1);
  EXPECT_EQ(oneBytes, channelBytes) << "3 channels, 1 thread: channel-parallel";
  EXPECT_TRUE(matches(oneOut.at("h"), want.at("h")));
  auto [twoBytes, twoOut] = runWithThreads(*model, inputs, 2);
  EXPECT_EQ(twoBytes, lookbackBytes) << "3 channels, 2 threads: look-back";
  EXPECT_TRUE(matches(twoOut.at("h"), want.at("h")));
}

} // namespace
