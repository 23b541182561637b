//===- OpenclPairWalkTest.cpp - The walk of two channels a work-item ------===//
//
// The pair walk (KernelAbi.h, AGG_walk_pairs; codegen/cpu/ScanTile.h's
// addScanPairsWalk) run by the plan executor on the test device for the
// GPU benchmark's h = a*h + b in bf16: it is printed where a bf16 input is
// read as words of two channels (not for f32 data), its results are the
// plain walk's bit for bit at an even channel dim (the words) and an odd
// one (each lane its own elements; an odd channel count, the last pair's
// second lane repeating the first), at blocks of one part to 32, work-groups
// of 64 to 1024 and one launch or many; it ran (without its carry store
// it is far off). Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OnePassTestFixture.h"

#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/Tuner.h"

#include <algorithm>

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// Whether `source` has the pair walk of `aggregate`.
bool hasPairWalk(const std::string &source, const std::string &aggregate) {
  return source.find("__kernel void " + walkPairsKernelName(aggregate) + "(") !=
         std::string::npos;
}

TEST_F(OpenclOnePassTest, PairWalkIsPrintedForBf16WordsOnly) {
  ASSERT_NO_FATAL_FAILURE(prepare(
      1, 100, 4, "benchmarks/gpu/models/linrec_bf16.sl", "linrec_bf16"));
  EXPECT_TRUE(hasPairWalk(model.source, aggregateName));
  ASSERT_NO_FATAL_FAILURE(
      prepare(1, 100, 4, "benchmarks/gpu/models/linrec.sl", "linrec"));
  EXPECT_FALSE(hasPairWalk(model.source, aggregateName));
}

TEST_F(OpenclOnePassTest, PairWalkEqualsTheWalk) {
  for (int64_t width : {40, 7}) {
    SCOPED_TRACE("D = " + std::to_string(width));
    ASSERT_NO_FATAL_FAILURE(prepare(
        3, 5000, width, "benchmarks/gpu/models/linrec_bf16.sl", "linrec_bf16"));
    ASSERT_TRUE(hasPairWalk(model.source, aggregateName));
    auto program = build("linrec-bf16-pairs", model.source, walkOption());
    std::string source = model.source;
    ASSERT_TRUE(withoutCarryStore(source, walkPairsKernelName(aggregateName)));
    auto broken = build("linrec-bf16-pairs-no-carry", source, walkOption());
    for (auto [chunk, local] : {std::pair<int64_t, int64_t>{32, 64},
                                {256, 256},
                                {1024, 1024},
                                {96, 96}}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", work-group " +
                   std::to_string(local));
      PlanExecutorOptions pairs = at(LookbackMode::WalkPairs, chunk);
      PlanExecutorOptions walk = at(LookbackMode::Walk, chunk);
      pairs.onePassLocalSize = walk.onePassLocalSize = local;
      // (The broken pair walk first, on poisoned buffers: no carry of
      // another run at this chunk left in them.)
      ASSERT_NO_FATAL_FAILURE(poisonPool());
      std::vector<Tensor> wrong = run(broken, pairs);
      std::vector<Tensor> expected = run(program, walk);
      EXPECT_GT(worstDifference(wrong, expected), 1e-2)
          << "the pair walk did not run";
      for (int64_t maxItems : {int64_t(1) << 30, local * 2}) {
        SCOPED_TRACE("at most " + std::to_string(maxItems) +
                     " work-items a launch");
        pairs.maxItemsPerLaunch = maxItems;
        ASSERT_NO_FATAL_FAILURE(poisonPool());
        expectIdentical(run(program, pairs), expected);
      }
    }
  }
}

/// The default rule (defaultLookbackMode) takes the pair walk where the
/// walk of a work-group a compute unit fits and a channel has
/// kWalkPairsMinSteps steps, the walk one step below; the same bits.
TEST_F(OpenclOnePassTest, DefaultRuleTakesThePairWalkFromItsSteps) {
  ASSERT_GT(device.computeUnits, 0);
  int64_t width = kWalkChannelsPerUnit * device.computeUnits;
  for (int64_t steps : {kWalkPairsMinSteps, kWalkPairsMinSteps - 1}) {
    SCOPED_TRACE("T = " + std::to_string(steps));
    ASSERT_NO_FATAL_FAILURE(prepare(1, steps, width,
                                    "benchmarks/gpu/models/linrec_bf16.sl",
                                    "linrec_bf16"));
    auto program = build("linrec-bf16-default", model.source, walkOption());
    PlanExecutorOptions chosen;
    chosen.useTuningCache = false;
    LookbackSchedule bound;
    chosen.onLookbackSchedule = [&](const runtime::Step &,
                                    const LookbackSchedule &s) { bound = s; };
    PlanExecutorOptions walk = chosen;
    walk.lookback = LookbackMode::Walk;
    std::vector<Tensor> expected = run(program, walk);
    EXPECT_EQ(bound.mode, LookbackMode::Walk);
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    std::vector<Tensor> got = run(program, chosen);
    EXPECT_EQ(bound.mode, steps >= kWalkPairsMinSteps ? LookbackMode::WalkPairs
                                                      : LookbackMode::Walk);
    expectIdentical(got, expected);
  }
}

/// The tuner tries the pair walk beside each walk candidate where the
/// program has it, and not where it does not.
TEST(PairWalkTuning, CandidatesBesideTheWalk) {
  DeviceInfo device;
  LookbackSchedule fallback{256, 256, LookbackMode::Walk};
  auto count = [](const std::vector<LookbackSchedule> &grid, LookbackMode m) {
    return std::count_if(
        grid.begin(), grid.end(),
        [&](const LookbackSchedule &s) { return s.mode == m; });
  };
  std::vector<LookbackSchedule> with = lookbackCandidates(
      device, fallback, 4096, true, 0, 0, true, false, false, /*walk=*/true,
      false, kWalkPartSteps, kOnePassTileSteps, /*walkPairs=*/true);
  std::vector<LookbackSchedule> without = lookbackCandidates(
      device, fallback, 4096, true, 0, 0, true, false, false, /*walk=*/true,
      false, kWalkPartSteps, kOnePassTileSteps, /*walkPairs=*/false);
  EXPECT_GT(count(with, LookbackMode::WalkPairs), 0);
  // (The fallback, a walk, stands in for the grid's walk at its chunk and
  // work-group; the pair walk there is a candidate of its own.)
  EXPECT_EQ(count(with, LookbackMode::WalkPairs),
            count(with, LookbackMode::Walk));
  EXPECT_EQ(count(without, LookbackMode::WalkPairs), 0);
  EXPECT_EQ(count(with, LookbackMode::Walk),
            count(without, LookbackMode::Walk));
}

} // namespace
