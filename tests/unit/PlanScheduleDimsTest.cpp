//===- PlanScheduleDimsTest.cpp - Sizes divided by a schedule parameter ---===//
//
// The OpenCL look-back's run-time chunk (Step::chunkDim): a size divided by
// a dim rounds up and refuses a divisor below 1, prints as ceil(T/NAME),
// survives the manifest's JSON (a fourth size element, a step's chunk_dim
// and scan_steps) while manifests without them still read, an out-of-range
// chunk dim is an error, and the chunk dims are no user dims.
//
//===----------------------------------------------------------------------===//

#include "runtime/Json.h"
#include "runtime/PlanJson.h"

#include <gtest/gtest.h>

using namespace sluice::runtime;

namespace {

/// B, T and a chunk dim; a Lookback step (in a Loop) over ceil(T/chunk)
/// blocks whose temporary is sized by them.
Plan chunkedPlan() {
  Plan plan;
  plan.model = "chunked";
  plan.dimNames = {"B", "T", "lookback_chunk#0"};
  plan.numCounters = 1;
  SizeExpr blocks = SizeExpr::dim(1).ceilDivByDim(2);
  BufferSpec temp;
  temp.shape = {blocks, SizeExpr::dim(0)};
  temp.name = "scan_block_carries";
  plan.buffers = {temp};
  Step kernel;
  kernel.name = "sl_scan_aggregate_0";
  kernel.buffers = {0};
  kernel.range = SizeExpr::dim(0);
  Step lookback;
  lookback.kind = Step::Kind::Lookback;
  lookback.name = "scan_lookback";
  lookback.range = blocks;
  lookback.blockItems = SizeExpr::dim(0);
  lookback.chunkDim = 2;
  lookback.scanSteps = SizeExpr::dim(1);
  lookback.stepStride = SizeExpr::dim(2);
  lookback.body = {kernel, kernel, kernel};
  Step loop;
  loop.kind = Step::Kind::Loop;
  loop.counter = 3;
  loop.range = SizeExpr::dim(0);
  loop.body = {lookback};
  plan.steps = {loop};
  return plan;
}

} // namespace

TEST(ScheduleDims, DivisionRoundsUpAndNeedsAPositiveDivisor) {
  SizeExpr blocks = SizeExpr::dim(1).ceilDivByDim(2);
  EXPECT_EQ(blocks.evaluate({1, 1000, 3}), 334); // a one-step tail
  EXPECT_EQ(blocks.evaluate({1, 999, 3}), 333);
  EXPECT_EQ(blocks.evaluate({1, 17, 1024}), 1); // T shorter than a chunk
  EXPECT_EQ(blocks.evaluate({1, 0, 16}), 0);
  EXPECT_EQ(SizeExpr::dim(1).ceilDiv(2).ceilDivByDim(2).evaluate({1, 9, 2}), 3);
  EXPECT_THROW(blocks.evaluate({1, 10, 0}), sluice::Error);
  EXPECT_EQ(sizeToString(blocks, {"B", "T", "c"}), "ceil(T/c)");
  EXPECT_EQ(sizeToString(SizeExpr::dim(1).ceilDiv(4).ceilDivByDim(2),
                         {"B", "T", "c"}),
            "ceil(T/4*c)");
  // A product keeps both divisors.
  SizeExpr product = blocks * SizeExpr::dim(0);
  EXPECT_EQ(product.evaluate({2, 10, 3}), 7); // ceil(20 / 3)
}

TEST(ScheduleDims, RoundTripThroughTheManifest) {
  Plan plan = chunkedPlan();
  std::string text = planToJson(plan);
  EXPECT_NE(text.find("[1, [1], 1, [2]]"), std::string::npos) << text;
  EXPECT_NE(text.find("\"chunk_dim\": 2"), std::string::npos) << text;
  Plan again = planFromJson(json::parse(text));
  EXPECT_EQ(planToJson(again), text);
  const Step &lookback = again.steps[0].body[0];
  EXPECT_EQ(lookback.chunkDim, 2);
  EXPECT_EQ(lookback.scanSteps.dims, std::vector<int32_t>{1});
  EXPECT_EQ(lookback.stepStride.dims, std::vector<int32_t>{2});
  EXPECT_EQ(again.buffers[0].shape[0].divisorDims, std::vector<int32_t>{2});
  EXPECT_NE(again.str().find("lookback ceil(T/lookback_chunk#0) blocks of B "
                             "items chunk lookback_chunk#0"),
            std::string::npos)
      << again.str();
}

TEST(ScheduleDims, OlderManifestsAndBadIndices) {
  std::string text = planToJson(chunkedPlan());
  auto edited = [&](const std::string &from, const std::string &to) {
    std::string t = text;
    size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    t.replace(at, from.size(), to);
    return t;
  };
  // Written before the run-time chunk: no chunk_dim, no scan_steps, no
  // step_stride (which then reads as 0: not known).
  std::string old = edited("\"chunk_dim\": 2,", "");
  // (Every step writes both keys: remove each occurrence.)
  for (const char *key : {"\"scan_steps\"", "\"step_stride\""}) {
    ASSERT_NE(old.find(key), std::string::npos) << key;
    for (size_t at; (at = old.find(key)) != std::string::npos;)
      old.erase(at, old.find('\n', at) - at + 1);
  }
  Plan plan = planFromJson(json::parse(old));
  EXPECT_EQ(plan.steps[0].body[0].chunkDim, -1);
  EXPECT_EQ(plan.steps[0].body[0].stepStride.evaluate({1, 1, 1}), 0);
  auto errorOf = [](const std::string &t) {
    try {
      planFromJson(json::parse(t));
    } catch (const json::JsonError &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(errorOf(edited("\"chunk_dim\": 2", "\"chunk_dim\": 3")),
            "'steps[0].body[0].chunk_dim' names dim 3 of 3");
  EXPECT_EQ(errorOf(edited("[1, [1], 1, [2]]", "[1, [1], 1, [3]]")),
            "'buffers[0].shape[0][3][0]' names dim 3 of 3");
}

TEST(ScheduleDims, ChunkDimsAreNoUserDims) {
  Plan plan = chunkedPlan();
  EXPECT_EQ(scheduleDims(plan), std::vector<int32_t>{2});
  EXPECT_EQ(modelDimNames(plan), (std::vector<std::string>{"B", "T"}));
}
