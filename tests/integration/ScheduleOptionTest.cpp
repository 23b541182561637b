//===- ScheduleOptionTest.cpp - CompileOptions::schedule ------------------===//
//
// The API's `schedule` (the syntax of `sluice --schedule`) forces what
// sl-schedule chooses: a look-back chunk of 64 steps (8 lanes of 8) cuts
// T = 1000 into 16 blocks and still matches the float64 reference; the
// forced strategy shows in the bytes a call moves (the look-back also writes
// its lane aggregates and block carries, more of them for a shorter chunk);
// bad text, a chunk the lanes do not divide and a strategy given twice are
// errors that say so.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

using namespace sluice;
using namespace sluice::itest;

namespace {

const char *kSource = R"(
model ema {
  dims T, D
  input x : f32[T, D]
  input a : f32[T, D]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  output h
}
)";

std::shared_ptr<Model> compileWith(const std::string &schedule,
                                   const std::string &scanStrategy = "") {
  CompileOptions options;
  options.schedule = schedule;
  options.scanStrategy = scanStrategy;
  return compileString(kSource, "ema.sl", options);
}

TEST(ScheduleOption, ShortChunksMatchTheReference) {
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto reference = compileString(kSource, "ema.sl", refOptions);
  auto inputs = drawArguments(*reference, {{"T", 1000}, {"D", 3}},
                              {{"a", {0.5, 1.0}}}, 5);
  auto want = reference->run(inputs);
  for (const char *schedule :
       {"strategy=lookback,chunk=64", "chunk=8", "strategy=channel_parallel",
        "strategy=auto,chunk=800", "chunk=1000000"}) {
    SCOPED_TRACE(schedule);
    expectOutputsMatch(compileWith(schedule)->run(inputs), want);
  }
}

TEST(ScheduleOption, TheChunkShowsInTheTraffic) {
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto reference = compileString(kSource, "ema.sl", refOptions);
  auto inputs = drawArguments(*reference, {{"T", 1024}, {"D", 2}}, {}, 1);
  int64_t channels =
      compileWith("strategy=channel_parallel")->trafficBytes(inputs);
  int64_t longChunk = compileWith("strategy=lookback")->trafficBytes(inputs);
  int64_t shortChunk =
      compileWith("strategy=lookback,chunk=64")->trafficBytes(inputs);
  // T = 1024 is one default block, 16 blocks of 64: more aggregates and
  // carries to write and read.
  EXPECT_LT(channels, longChunk);
  EXPECT_LT(longChunk, shortChunk);
  // --scan-strategy's names are the same choice.
  EXPECT_EQ(compileWith("", "chunked")->trafficBytes(inputs), longChunk);
  EXPECT_EQ(compileWith("", "lookback")->trafficBytes(inputs), longChunk);
  EXPECT_EQ(compileWith("", "channel_parallel")->trafficBytes(inputs), channels);
}

TEST(ScheduleOption, BadSchedulesAreErrors) {
  EXPECT_NE(errorOf([] { compileWith("tile=4"); })
                .find("--schedule: unknown key 'tile' (expected strategy or chunk)"),
            std::string::npos);
  EXPECT_NE(errorOf([] { compileWith("strategy=fast"); })
                .find("unknown strategy 'fast'"),
            std::string::npos);
  EXPECT_NE(errorOf([] { compileWith("chunk=-8"); })
                .find("chunk '-8' is not a positive whole number of steps"),
            std::string::npos);
  EXPECT_NE(errorOf([] { compileWith("chunk=12"); })
                .find("chunk=12 is not a multiple of the cpu target's look-back "
                      "lanes (8)"),
            std::string::npos);
  EXPECT_NE(errorOf([] { compileWith("strategy=lookback", "channel_parallel"); })
                .find("give it once"),
            std::string::npos);
  EXPECT_NE(errorOf([] { compileWith("", "auto"); })
                .find("unknown scan strategy 'auto'"),
            std::string::npos);
}

} // namespace
