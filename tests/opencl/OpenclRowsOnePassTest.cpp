//===- OpenclRowsOnePassTest.cpp - The row one-pass kernel ----------------===//
//
// The row one pass (runtime/opencl/KernelAbi.h, AGG_onepass_rows; the row
// tile function, codegen/cpu/ScanTile.h's addScanRowsTile) run by the plan
// executor on the test device against the three passes at the same chunk:
// one channel and many, blocks of 4 to 64 parts (powers of two or not),
// look-backs passing over many windows, work-groups looping over the
// tiles, launches split; that it runs in its mode and only there.
// Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OnePassTestFixture.h"

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// The build option that keeps the row kernel in a program.
std::string rowsOption() { return std::string(" -D") + kOnePassRowsMacro; }

/// Takes the flag writes `publishes` out of the row kernel in `source`;
/// false when the kernel or one of the writes is not there. Both flags
/// gone: every tile after the first waits for a predecessor that never
/// publishes. The carry-out's alone: every tile passes over the
/// aggregates of all the blocks before it to the init (many windows,
/// whatever the timing).
bool withoutRowsPublishes(std::string &source, const std::string &aggregate,
                          std::vector<std::string> publishes = {
                              "atomic_xchg(&flags[tile], aggregateReady);",
                              "atomic_xchg(&flags[tile], carryReady);"}) {
  size_t start = source.find("// " + onePassRowsKernelName(aggregate) + ":");
  if (start == std::string::npos)
    return false;
  size_t end = source.find("\n}\n", start);
  size_t removed = 0;
  for (const std::string &publish : publishes)
    for (size_t at = source.find(publish, start); at < end;
         at = source.find(publish, at)) {
      source.replace(at, publish.size(), ";");
      end = source.find("\n}\n", start);
      ++removed;
    }
  return removed == publishes.size();
}

class OpenclRowsOnePassTest : public OpenclOnePassTest {
protected:
  /// Expects the row kernel to run in its mode at `chunk`: a copy of the
  /// program without its flag writes, built with a short spin limit, fails
  /// there naming it.
  void expectRowsKernelRuns(int64_t chunk) {
    std::string source = model.source;
    ASSERT_TRUE(withoutRowsPublishes(source, aggregateName));
    auto broken = build("ema-rows-never-publishes", source,
                        rowsOption() + " -DSLUICE_LOOKBACK_SPIN_LIMIT=1000");
    std::string message =
        errorOf([&] { run(broken, at(LookbackMode::OnePassRows, chunk)); });
    EXPECT_NE(message.find("kernel '" +
                           onePassRowsKernelName(aggregateName) + "'"),
              std::string::npos)
        << "chunk " << chunk << ": " << message;
  }
};

/// One channel of 200003 steps (the last block short, its last part
/// partial) in blocks of 4, 5 and 64 parts (chunks 64, 80 and 1024), one
/// work-group a tile in one launch or in launches of 5, or two a compute
/// unit looping: within rounding of the three passes (maps composed by
/// trees), and the row kernel is what ran.
TEST_F(OpenclRowsOnePassTest, OneChannelMatchesThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(1, 200003, 1));
  ASSERT_NE(model.source.find("__kernel void " +
                              onePassRowsKernelName(aggregateName) + "("),
            std::string::npos);
  auto program = build("ema-rows-onepass", model.source, rowsOption());
  for (int64_t chunk : {64, 80, 1024}) {
    expectRowsKernelRuns(chunk);
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    for (auto [groupsPerUnit, maxItems] :
         {std::pair<int64_t, int64_t>{0, int64_t(1) << 30},
          {0, chunk / kOnePassTileSteps * 5},
          {2, int64_t(1) << 30}}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", groups per unit " +
                   std::to_string(groupsPerUnit) + ", at most " +
                   std::to_string(maxItems) + " work-items a launch");
      PlanExecutorOptions options = at(LookbackMode::OnePassRows, chunk);
      options.onePassGroupsPerUnit = groupsPerUnit;
      options.maxItemsPerLaunch = maxItems;
      ASSERT_NO_FATAL_FAILURE(poisonPool());
      expectClose(run(program, options), three, 5e-6);
    }
  }
}

/// A scan whose aggregate kernel reads one array (the GPU benchmark's
/// cumulative sum) holds parts of twice the steps in its row kernel (and
/// its walk), as its plan step says, and ema's the default ones; one
/// channel of 200003 steps in blocks of 4, 5 and 128 parts of 32 (chunks
/// 128, 160 and 4096): the row kernel runs, within rounding of the three
/// passes; at 2 parts (chunk 64) and 129 it is the plain one pass.
TEST_F(OpenclRowsOnePassTest, OneArrayScansHoldLongerParts) {
  ASSERT_NO_FATAL_FAILURE(prepare(1, 1000, 1));
  for (const runtime::Step &step : model.plan.steps)
    if (step.kind == runtime::Step::Kind::Lookback) {
      EXPECT_EQ(rowsPartSteps(step), kOnePassTileSteps);
      EXPECT_EQ(walkPartSteps(step), kWalkPartSteps);
    }
  ASSERT_NO_FATAL_FAILURE(prepare(1, 200003, 1,
                                  "benchmarks/gpu/models/cumsum.sl", "cumsum"));
  int64_t steps = 0;
  for (const runtime::Step &step : model.plan.steps)
    if (step.kind == runtime::Step::Kind::Lookback) {
      steps = rowsPartSteps(step);
      EXPECT_EQ(walkPartSteps(step), 2 * kWalkPartSteps);
    }
  ASSERT_EQ(steps, 2 * kOnePassTileSteps);
  ASSERT_NE(model.source.find("each block in parts of " +
                              std::to_string(steps) + " steps"),
            std::string::npos);
  auto program = build("cumsum-rows-onepass", model.source, rowsOption());
  for (int64_t parts : {int64_t(4), int64_t(5), onePassRowsMaxParts(steps)}) {
    int64_t chunk = parts * steps;
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    expectRowsKernelRuns(chunk);
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    expectClose(run(program, at(LookbackMode::OnePassRows, chunk)), three,
                5e-6);
  }
  // (The runs that fall back take the plain one pass, whose tiles may wait
  // on PoCL until their predecessors run: the default spin limit, as in
  // use; a row kernel that ran would wait on flags never written.)
  std::string source = model.source;
  ASSERT_TRUE(withoutRowsPublishes(source, aggregateName));
  auto broken = build("cumsum-rows-never-publishes", source, rowsOption());
  for (int64_t parts : {int64_t(2), onePassRowsMaxParts(steps) + 1}) {
    int64_t chunk = parts * steps;
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    expectClose(run(broken, at(LookbackMode::OnePassRows, chunk)),
                run(broken, at(LookbackMode::ThreePass, chunk)), 5e-6);
  }
}

/// The look-back over many windows, whatever the timing: with the
/// carry-outs' flags taken out, every tile passes over the aggregates of
/// all the blocks before it to the init (313 blocks of 4 parts: up to 78
/// windows of 4; 20 of 64 parts: one window), composing each window by
/// the tree; within rounding of the three passes.
TEST_F(OpenclRowsOnePassTest, LookBackOverManyWindowsMatchesThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(1, 20000, 1));
  std::string source = model.source;
  ASSERT_TRUE(withoutRowsPublishes(source, aggregateName,
                                   {"atomic_xchg(&flags[tile], carryReady);"}));
  auto program = build("ema-rows-no-carry-outs", source, rowsOption());
  for (int64_t chunk : {64, 1024}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    expectClose(run(program, at(LookbackMode::OnePassRows, chunk)), three,
                5e-6);
  }
}

/// Many channels, interleaved (B = 3, D = 100: a channel's steps 100
/// apart) and in rows (B = 37, D = 1), T = 5000: every channel its own
/// chain of tiles, in ticket order block by block (the row kernel is what
/// runs: checked for the interleaved channels).
TEST_F(OpenclRowsOnePassTest, ManyChannelsMatchThreePasses) {
  for (auto [batch, width] :
       {std::pair<int64_t, int64_t>{3, 100}, {37, 1}}) {
    ASSERT_NO_FATAL_FAILURE(prepare(batch, 5000, width));
    auto program = build("ema-rows-onepass", model.source, rowsOption());
    if (width > 1)
      expectRowsKernelRuns(64);
    for (int64_t chunk : {64, 1024}) {
      SCOPED_TRACE("B " + std::to_string(batch) + ", D " +
                   std::to_string(width) + ", chunk " + std::to_string(chunk));
      std::vector<Tensor> three =
          run(program, at(LookbackMode::ThreePass, chunk));
      ASSERT_NO_FATAL_FAILURE(poisonPool());
      expectClose(run(program, at(LookbackMode::OnePassRows, chunk)), three,
                  5e-6);
    }
  }
}

/// The row kernel runs in its mode at chunks of kOnePassRowsMinItems to
/// onePassRowsMaxParts parts, in a program built with kOnePassRowsMacro, and
/// only there: with its flag writes taken out (and a short spin limit) that
/// mode fails naming it; at a chunk of more or fewer parts (the same
/// source at the default spin limit), or built without the macro, the mode
/// runs the plain one pass, whose results stand.
TEST_F(OpenclRowsOnePassTest, RowsKernelRunsInItsModeOnly) {
  ASSERT_NO_FATAL_FAILURE(prepare(1, 100000, 1));
  std::string source = model.source;
  ASSERT_TRUE(withoutRowsPublishes(source, aggregateName));
  std::string spin = " -DSLUICE_LOOKBACK_SPIN_LIMIT=1000";
  auto broken = build("ema-rows-never-publishes", source, rowsOption() + spin);
  std::string message = errorOf(
      [&] { run(broken, at(LookbackMode::OnePassRows, 64)); });
  // Where the mode falls back, the plain one pass runs: its tiles may wait
  // on PoCL until their predecessors run, so those programs keep the
  // default spin limit (1000 polls gave up under a parallel test run).
  auto patient = build("ema-rows-never-publishes-patient", source, rowsOption());
  EXPECT_NE(message.find("kernel '" + onePassRowsKernelName(aggregateName) +
                         "' of model 'ema'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("did not let a waiting work-group's predecessor run"),
            std::string::npos)
      << message;
  for (int64_t parts : {onePassRowsMaxParts(kOnePassTileSteps) * 2,
                        kOnePassRowsMinItems - 1}) {
    int64_t chunk = parts * kOnePassTileSteps;
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    std::vector<Tensor> three =
        run(patient, at(LookbackMode::ThreePass, chunk));
    expectClose(run(patient, at(LookbackMode::OnePassRows, chunk)), three,
                2e-6);
  }
  auto unbuilt = build("ema-rows-unbuilt", source);
  expectClose(run(unbuilt, at(LookbackMode::OnePassRows, 64)),
              run(unbuilt, at(LookbackMode::ThreePass, 64)), 2e-6);
  {
    ScopedEnvironment mode("SLUICE_OPENCL_LOOKBACK", "onepass-rows");
    EXPECT_NE(programBuildOptions(false).find(rowsOption()),
              std::string::npos);
  }
  EXPECT_EQ(programBuildOptions(false).find(rowsOption()), std::string::npos);
  EXPECT_NE(programBuildOptions(true).find(rowsOption()), std::string::npos);
}

} // namespace
