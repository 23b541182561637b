//===- OpenclOnePassTest.cpp - The single-pass look-back kernel -----------===//
//
// The one-pass look-back kernel the OpenCL code generator prints for a
// Lookback step (runtime/opencl/KernelAbi.h), run by the plan executor on
// the test device: its results equal the three passes' bit for bit; a
// program without it (an artifact compiled before it existed) falls back to
// the three passes; many tiles per block, work-groups that loop over tiles
// and several launches change nothing; and a tile whose predecessors never
// publish their carries
// gives up after SLUICE_LOOKBACK_SPIN_LIMIT polls (a build option) and the
// call fails with an error naming the kernel, rather than hanging.
// Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OnePassTestFixture.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <regex>

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

TEST_F(OpenclOnePassTest, OnePassEqualsThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  ASSERT_NE(model.source.find("__kernel void " +
                              onePassTileKernelName(aggregateName) + "("),
            std::string::npos);
  // Built without kOnePassTileMacro, the program lacks the register tile
  // and the one pass calls the three kernels' functions at any chunk;
  // built with it, the tile runs at a chunk of one part (the aggregate
  // kernel's bits) and the other kernel at a chunk that is not a multiple
  // of a part. Each against the three passes at the same chunk.
  auto plain = build("ema", model.source);
  auto withTile = build("ema-tile", model.source, tileOption());
  for (auto [chunk, program] :
       {std::pair<int64_t, std::shared_ptr<const Program>>{kOnePassTileSteps,
                                                           withTile},
        {kOnePassTileSteps, plain},
        {kOnePassTileSteps * 3 / 2, withTile}}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk) + ", tile " +
                 (program == withTile ? "built" : "not built"));
    std::vector<Tensor> three =
        run(program, at(LookbackMode::ThreePass, chunk));
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    LookbackMode mode = program == withTile ? LookbackMode::OnePassTile
                                            : LookbackMode::OnePass;
    expectIdentical(run(program, at(mode, chunk)), three);
    // Launches split into several (the ticket goes on across them).
    PlanExecutorOptions options = at(mode, chunk);
    options.maxItemsPerLaunch = 1;
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    expectIdentical(run(program, options), three);
  }
}

/// The register tile is built when SLUICE_OPENCL_ONEPASS_TILE=1 or
/// SLUICE_OPENCL_LOOKBACK=onepass-tile asks or the device guarantees
/// forward progress (programBuildOptions adds kOnePassTileMacro), and runs
/// where it is built, its mode (OnePassTile) or the variable asks and the
/// chunk is a multiple of its part, and only there: with its flag writes
/// taken out (the other kernel's kept), a tile one pass at chunk 64 waits
/// forever (an error); one at chunk 24, a plain one pass, or a program
/// built without the macro, does not.
TEST_F(OpenclOnePassTest, TileKernelRunsWhenAskedAtItsChunksOnly) {
  {
    ScopedEnvironment on("SLUICE_OPENCL_ONEPASS_TILE", "1");
    EXPECT_NE(programBuildOptions(false).find(tileOption()),
              std::string::npos);
  }
  {
    ScopedEnvironment mode("SLUICE_OPENCL_LOOKBACK", "onepass-tile");
    EXPECT_NE(programBuildOptions(false).find(tileOption()),
              std::string::npos);
  }
  EXPECT_NE(programBuildOptions(/*forwardProgress=*/true).find(tileOption()),
            std::string::npos);
  EXPECT_NE(programBuildOptions(/*forwardProgress=*/true).find(wordsOption()),
            std::string::npos);
  for (const char *value : {"", "0", "yes"}) {
    ScopedEnvironment off("SLUICE_OPENCL_ONEPASS_TILE", value);
    EXPECT_EQ(programBuildOptions(false).find(kOnePassTileMacro),
              std::string::npos)
        << "SLUICE_OPENCL_ONEPASS_TILE='" << value << "'";
  }
  ASSERT_NO_FATAL_FAILURE(prepare(1, 4000, 2)); // 125 blocks of 32
  std::string source = model.source;
  size_t tile = source.find("__kernel void " +
                            onePassTileKernelName(aggregateName) + "(");
  ASSERT_NE(tile, std::string::npos);
  for (const char *publish : {"atomic_xchg(&flags[tile], aggregateReady);",
                              "atomic_xchg(&flags[tile], carryReady);"}) {
    size_t at = source.find(publish, tile);
    ASSERT_NE(at, std::string::npos);
    source.replace(at, std::string(publish).size(), ";");
  }
  // The broken tile runs with a short spin limit (its waits end in the
  // error); the runs that must succeed with the default one (2^26 polls):
  // at 200000 polls a tile waiting for a predecessor that does publish
  // reached it now and then on PoCL's two threads with other tests running
  // beside it (20000 failed 1 in ~8 runs with the machine idle).
  const std::string limit = " -DSLUICE_LOOKBACK_SPIN_LIMIT=200000";
  auto program =
      build("ema-tile-never-publishes", source, limit + tileOption());
  auto patient =
      build("ema-tile-never-publishes-patient", source, tileOption());
  EXPECT_NE(errorOf([&] {
              run(program, at(LookbackMode::OnePassTile, 64));
            }).find(onePassTileKernelName(aggregateName)),
            std::string::npos);
  EXPECT_EQ(errorOf([&] { run(patient, at(LookbackMode::OnePassTile, 24)); }),
            "");
  EXPECT_EQ(errorOf([&] { run(patient, at(LookbackMode::OnePass, 64)); }), "");
  {
    ScopedEnvironment on("SLUICE_OPENCL_ONEPASS_TILE", "1");
    EXPECT_NE(errorOf([&] { run(program, at(LookbackMode::OnePass, 64)); }),
              "");
  }
  // Not built: the broken tile is not in the program.
  auto without = build("ema-tile-never-publishes-unbuilt", source, "");
  EXPECT_EQ(errorOf([&] {
              run(without, at(LookbackMode::OnePassTile, kOnePassTileSteps));
            }),
            "");
}

/// Many tiles per block (300 channels in item groups of 32: 10 tiles per
/// block, 79 blocks), run as one work-group per tile, as a few work-groups
/// that loop over the tiles, and in several launches: the decoupled
/// look-back composes carries through published aggregates, and every
/// schedule gives the three passes' bits.
TEST_F(OpenclOnePassTest, ManyTilesAndLaunchesEqualThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(3, 20000, 100));
  auto program = build("ema-tile", model.source, tileOption());
  std::vector<Tensor> three;
  // (The tile at one part, the other kernel at 264: both the three passes'
  // bits.)
  for (int64_t chunk : {int64_t(264), kOnePassTileSteps}) {
    // (Over 1250 blocks the reference walks its carries serially, as the
    // one pass does: a carry tree composes maps, which round otherwise.)
    PlanExecutorOptions serialCarries = at(LookbackMode::ThreePass, chunk);
    serialCarries.carryFanout = 1;
    three = run(program, serialCarries);
    for (int64_t groupsPerUnit : {0, 1, 3})
      for (int64_t maxItems : {int64_t(1) << 30, int64_t(64)}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk) + ", groups per unit " +
                     std::to_string(groupsPerUnit) + ", at most " +
                     std::to_string(maxItems) + " work-items a launch");
        PlanExecutorOptions options = at(LookbackMode::OnePassTile, chunk);
        options.onePassLocalSize = 32;
        options.onePassGroupsPerUnit = groupsPerUnit;
        options.maxItemsPerLaunch = maxItems;
        ASSERT_NO_FATAL_FAILURE(poisonPool());
        expectIdentical(run(program, options), three);
      }
  }
  // The knobs from the environment, as sluice-run takes them (both modes
  // at the default chunk, the program without the tile, which would run
  // at a default chunk of several parts).
  program = build("ema", model.source);
  three = run(program, LookbackMode::ThreePass);
  ScopedEnvironment local("SLUICE_OPENCL_ONEPASS_LOCAL", "64");
  ScopedEnvironment perUnit("SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT", "2");
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(program, LookbackMode::OnePass), three);
  ScopedEnvironment bad("SLUICE_OPENCL_ONEPASS_LOCAL", "lots");
  EXPECT_NE(errorOf([&] { run(program, LookbackMode::OnePass); })
                .find("SLUICE_OPENCL_ONEPASS_LOCAL='lots' is not an integer "
                      "from 0 to 2^30"),
            std::string::npos);
}

/// The register tile with blocks of several parts (chunk 32 to 512: 2 to
/// 32 parts of 16 steps, one work-item each, the block's aggregate and
/// the parts' carries composed in local memory): within 2e-6 of the three
/// passes (a composed aggregate rounds otherwise), across 300 channels
/// (spans of 2 to 128 channels, the last group short), 5000 steps (the
/// last block short of parts), work-groups of 32 to 1024 that loop over
/// the tiles or not and launches split; every schedule of one chunk and
/// work-group size gives the same bits (the parts compose in one order).
TEST_F(OpenclOnePassTest, TileWithPartsMatchesThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(3, 5000, 100));
  auto program = build("ema-tile", model.source, tileOption());
  for (auto [chunk, local] : {std::pair<int64_t, int64_t>{32, 64},
                              {64, 256},
                              {128, 256},
                              {256, 32},
                              {512, 1024},
                              {48, 96}}) {
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    std::vector<Tensor> first;
    for (auto [groupsPerUnit, maxItems] :
         {std::pair<int64_t, int64_t>{0, int64_t(1) << 30}, {1, local * 3}}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk) + ", work-group " +
                     std::to_string(local) + ", groups per unit " +
                     std::to_string(groupsPerUnit) + ", at most " +
                     std::to_string(maxItems) + " work-items a launch");
        PlanExecutorOptions options = at(LookbackMode::OnePassTile, chunk);
        options.onePassLocalSize = local;
        options.onePassGroupsPerUnit = groupsPerUnit;
        options.maxItemsPerLaunch = maxItems;
        ASSERT_NO_FATAL_FAILURE(poisonPool());
        std::vector<Tensor> got = run(program, options);
        expectClose(got, three, 2e-6);
        if (first.empty())
          first = got;
        else
          expectIdentical(got, first);
      }
  }
}

/// Tiles of several consecutive blocks (subBlocks S: the work-group's
/// items split into S blocks of 64 / S items; the look-back goes by tiles
/// and the first block's work-items walk the carries through the tile's
/// blocks): the three passes' bits at the same chunk, with the last tile
/// short of blocks (79 blocks of 256, 834 of 24), items not filling a
/// group (300 = 4 x 64 + 44), tiles looped over by few work-groups and
/// spread over launches; an S that does not divide the work-group runs
/// S = 1.
TEST_F(OpenclOnePassTest, SubBlocksEqualThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(3, 20000, 100));
  auto program = build("ema", model.source);
  for (int64_t chunk : {int64_t(256), int64_t(24)}) {
    // (The reference walks its carries serially, as the one pass does: a
    // carry tree composes maps, whose rounding differs.)
    PlanExecutorOptions serialCarries = at(LookbackMode::ThreePass, chunk);
    serialCarries.carryFanout = 1;
    std::vector<Tensor> three = run(program, serialCarries);
    for (int64_t subBlocks : {2, 4, 8, 3})
      for (int64_t groupsPerUnit : {0, 1}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk) + ", " +
                     std::to_string(subBlocks) + " blocks a tile, groups "
                     "per unit " + std::to_string(groupsPerUnit));
        PlanExecutorOptions options = at(LookbackMode::OnePass, chunk);
        options.onePassLocalSize = 64;
        options.onePassSubBlocks = subBlocks;
        options.onePassGroupsPerUnit = groupsPerUnit;
        options.maxItemsPerLaunch = groupsPerUnit ? int64_t(1) << 30 : 640;
        ASSERT_NO_FATAL_FAILURE(poisonPool());
        expectIdentical(run(program, options), three);
      }
  }
  // From the environment, as sluice-run takes it (1250 blocks: the three
  // passes' carries walked serially, not by the carry tree, whose
  // composed maps round differently).
  PlanExecutorOptions serial = at(LookbackMode::ThreePass, 16);
  serial.carryFanout = 1;
  std::vector<Tensor> three = run(program, serial);
  ScopedEnvironment subBlocks("SLUICE_OPENCL_ONEPASS_SUBBLOCKS", "8");
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(program, at(LookbackMode::OnePass, 16)), three);
  ScopedEnvironment bad("SLUICE_OPENCL_ONEPASS_SUBBLOCKS", "-1");
  EXPECT_NE(errorOf([&] { run(program, LookbackMode::OnePass); })
                .find("SLUICE_OPENCL_ONEPASS_SUBBLOCKS='-1'"),
            std::string::npos);
}

/// The flag-word one pass (KernelAbi.h, AGG_onepass_words) at its chunk:
/// the three passes' bits (each carry composed from the words as the carry
/// kernel composes it) across 300 channels in work-groups of 32 to 256
/// (short last groups), 625 blocks, launches split; then on other inputs in
/// the same context (a new epoch: the words the previous runs left in the
/// buffers never look published, or the carries would be theirs), and on
/// a longer sequence (larger word buffers, zeroed). Each schedule is also
/// run with a copy whose words are never published: it must wait until
/// the spin limit, so the flag-word kernel is what ran (the plain one pass
/// gives the same bits).
TEST_F(OpenclOnePassTest, WordsEqualThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(3, 20000, 100));
  ASSERT_NE(model.source.find("__kernel void " +
                              onePassWordsKernelName(aggregateName) + "("),
            std::string::npos);
  auto program = build("ema-words", model.source, wordsOption());
  int replaced = 0;
  auto silent = build("ema-words-silent",
                      withoutWordPublishing(model.source, replaced),
                      " -DSLUICE_LOOKBACK_SPIN_LIMIT=16" + wordsOption());
  ASSERT_EQ(replaced, 3);
  // (The reference walks its carries serially, as the words do: a carry
  // tree composes maps, which round otherwise.)
  PlanExecutorOptions serialCarries =
      at(LookbackMode::ThreePass, kOnePassWordsSteps);
  serialCarries.carryFanout = 1;
  std::mt19937 random(5);
  std::uniform_real_distribution<double> uniform(-2.0, 2.0);
  for (int round = 0; round < 2; ++round) {
    if (round == 1) // other inputs: x anywhere in [-2, 2)
      for (Tensor &arg : args)
        if (arg.numElements() > 1000)
          for (int64_t i = 0; i < arg.numElements(); ++i)
            arg.setDouble(i, uniform(random));
    std::vector<Tensor> three = run(program, serialCarries);
    for (int64_t local : {32, 128, 256})
      for (int64_t maxItems : {int64_t(1) << 30, int64_t(640)}) {
        SCOPED_TRACE("round " + std::to_string(round) + ", work-group " +
                     std::to_string(local) + ", at most " +
                     std::to_string(maxItems) + " work-items a launch");
        PlanExecutorOptions options =
            at(LookbackMode::OnePassWords, kOnePassWordsSteps);
        options.onePassLocalSize = local;
        options.maxItemsPerLaunch = maxItems;
        ASSERT_NO_FATAL_FAILURE(poisonPool());
        expectIdentical(run(program, options), three);
        if (round == 0)
          EXPECT_NE(errorOf([&] { run(silent, options); })
                        .find(onePassWordsKernelName(aggregateName)),
                    std::string::npos);
      }
  }
  ASSERT_NO_FATAL_FAILURE(prepare(2, 100003, 100));
  program = build("ema-words", model.source, wordsOption());
  std::vector<Tensor> three = run(program, serialCarries);
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(program, at(LookbackMode::OnePassWords,
                                  kOnePassWordsSteps)),
                  three);
}

/// The flag-word one pass runs in its mode at its chunk, in a program built
/// with kOnePassWordsMacro (which SLUICE_OPENCL_LOOKBACK=onepass-words or
/// forward progress adds), and only there: with its publishing taken out
/// (every word written with tag 0, which no epoch has), it waits forever
/// (an error naming it) at chunk kOnePassWordsSteps; at chunk 64 its mode
/// runs the plain one pass, and a program built without the macro lacks
/// the kernel (the plain one pass again): no error.
TEST_F(OpenclOnePassTest, WordsKernelRunsInItsModeAtItsChunkOnly) {
  ASSERT_NO_FATAL_FAILURE(prepare(1, 4000, 2));
  int replaced = 0;
  std::string source = withoutWordPublishing(model.source, replaced);
  EXPECT_EQ(replaced, 3); // two map words, one carry-out word
  // (A short spin limit where the broken kernel runs, the default where
  // the plain one pass must succeed: it waits on its predecessors too,
  // which PoCL's threads may not run for a while with other tests beside.)
  const std::string limit = " -DSLUICE_LOOKBACK_SPIN_LIMIT=20000";
  auto program = build("ema-words-never-publish", source, limit + wordsOption());
  auto patient =
      build("ema-words-never-publish-patient", source, wordsOption());
  EXPECT_NE(errorOf([&] {
              run(program, at(LookbackMode::OnePassWords, kOnePassWordsSteps));
            }).find(onePassWordsKernelName(aggregateName)),
            std::string::npos);
  EXPECT_EQ(errorOf([&] { run(patient, at(LookbackMode::OnePassWords, 64)); }),
            "");
  {
    ScopedEnvironment mode("SLUICE_OPENCL_LOOKBACK", "onepass-words");
    EXPECT_NE(programBuildOptions(false).find(wordsOption()),
              std::string::npos);
    EXPECT_EQ(programBuildOptions(false).find(tileOption()),
              std::string::npos);
    ScopedEnvironment chunk("SLUICE_OPENCL_LOOKBACK_CHUNK", "32");
    EXPECT_NE(errorOf([&] { run(program, LookbackMode::Auto); })
                  .find(onePassWordsKernelName(aggregateName)),
              std::string::npos);
  }
  auto without = build("ema-words-never-publish-unbuilt", source, "");
  EXPECT_EQ(errorOf([&] {
              run(without,
                  at(LookbackMode::OnePassWords, kOnePassWordsSteps));
            }),
            "");
}

/// `source` with the walk kernel's store of a block's carry out taken out
/// (withoutCarryStore).
bool withoutWalkCarry(std::string &source, const std::string &aggregate) {
  return withoutCarryStore(source, walkKernelName(aggregate));
}

/// The channel-group walk (KernelAbi.h, AGG_walk) against the three passes
/// at the same chunk: blocks of 1 to 32 parts of kWalkPartSteps (chunk 32
/// to 1024), spans of 4 to 64 channels, 300 channels (a last work-group part full, its
/// work-items past the last channel repeating it), T = 5000 (the last block
/// short, its last part partial), one launch or many; within rounding (the
/// tile computes a part's coefficients and aggregate apart from the
/// aggregate kernel). That the walk ran, at each chunk and work-group: the
/// same program without its carry store, run first at that chunk, is far
/// off.
TEST_F(OpenclOnePassTest, WalkMatchesThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare(3, 5000, 100));
  auto program = build("ema-walk", model.source, walkOption());
  std::string source = model.source;
  ASSERT_TRUE(withoutWalkCarry(source, aggregateName));
  auto broken = build("ema-walk-no-carry", source, walkOption());
  for (auto [chunk, local] : {std::pair<int64_t, int64_t>{32, 64},
                              {64, 64},
                              {128, 256},
                              {256, 32},
                              {1024, 1024},
                              {96, 96}}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk) + ", work-group " +
                 std::to_string(local));
    PlanExecutorOptions options = at(LookbackMode::Walk, chunk);
    options.onePassLocalSize = local;
    std::vector<Tensor> wrong = run(broken, options);
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    EXPECT_GT(worstDifference(wrong, three), 1e-2) << "the walk did not run";
    for (int64_t maxItems : {int64_t(1) << 30, local * 2}) {
      SCOPED_TRACE("at most " + std::to_string(maxItems) +
                   " work-items a launch");
      options.maxItemsPerLaunch = maxItems;
      expectClose(run(program, options), three, 2e-6);
    }
  }
}

/// A scan whose aggregate kernel reads one array (the GPU benchmark's
/// cumulative sum) walks parts of twice the steps (its plan step's
/// walkPartSteps): against the three passes at blocks of 1, 3 and 8 parts
/// of 64 steps, 300 channels, T = 5000, within rounding (sums of up to 5000
/// terms); the walk ran (without its carry store it is far off); at a chunk of 32 steps, not made of its parts, the
/// mode runs the three passes.
TEST_F(OpenclOnePassTest, OneArrayWalksLongerParts) {
  ASSERT_NO_FATAL_FAILURE(
      prepare(3, 5000, 100, "benchmarks/gpu/models/cumsum.sl", "cumsum"));
  int64_t steps = planWalkPartSteps();
  ASSERT_EQ(steps, 2 * kWalkPartSteps);
  auto program = build("cumsum-walk", model.source, walkOption());
  std::string source = model.source;
  ASSERT_TRUE(withoutWalkCarry(source, aggregateName));
  auto broken = build("cumsum-walk-no-carry", source, walkOption());
  for (int64_t parts : {1, 3, 8}) {
    int64_t chunk = parts * steps;
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    PlanExecutorOptions options = at(LookbackMode::Walk, chunk);
    // (The broken walk first, on poisoned buffers: no carry of another run
    // at this chunk left in them.)
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    std::vector<Tensor> wrong = run(broken, options);
    std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, chunk));
    EXPECT_GT(worstDifference(wrong, three), 1.0) << "the walk did not run";
    // (Sums of up to 5000 terms near 0.5, associated differently.)
    expectClose(run(program, options), three, 2e-5);
  }
  expectIdentical(run(broken, at(LookbackMode::Walk, steps / 2)),
                  run(broken, at(LookbackMode::ThreePass, steps / 2)));
}

/// A linear scan of two states walks too (kMaxWalkStates): LinOSS-IM, its
/// map constant along T (held once a part, not once a step), its parts of
/// 64 steps (one value held a step: its plan step's walkPartSteps). Each
/// part's map is its steps' runs, as the aggregate kernel composes a block
/// of one part, and the carry goes through it as the carry kernel's does:
/// the three passes' results at a chunk of one part within rounding (the tile
/// computes its coefficients apart from the aggregate kernel; over 5000
/// steps the oscillator carries a last-bit difference on), at blocks of 1,
/// 3 and 8 parts, 300 channels (the last work-group's span partly past
/// them), T = 5000 (the last part partial); the walk ran (without its
/// carry store it is far off).
TEST_F(OpenclOnePassTest, TwoStateWalkMatchesThreePasses) {
  ASSERT_NO_FATAL_FAILURE(
      prepare(3, 5000, 100, "examples/linoss_im.sl", "linoss_im"));
  ASSERT_NE(model.source.find("__kernel void " + walkKernelName(aggregateName) +
                              "("),
            std::string::npos);
  int64_t steps = planWalkPartSteps();
  ASSERT_EQ(steps, 2 * kWalkPartSteps);
  auto program = build("linoss-walk", model.source, walkOption());
  std::string source = model.source;
  ASSERT_TRUE(withoutWalkCarry(source, aggregateName));
  auto broken = build("linoss-walk-no-carry", source, walkOption());
  std::vector<Tensor> three = run(program, at(LookbackMode::ThreePass, steps));
  for (int64_t parts : {1, 3, 8}) {
    int64_t chunk = parts * steps;
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    EXPECT_GT(worstDifference(run(broken, at(LookbackMode::Walk, chunk)),
                              three),
              1e-2)
        << "the walk did not run";
    expectClose(run(program, at(LookbackMode::Walk, chunk)), three, 1e-4);
  }
}

/// The walk runs in its mode, in a program built with kWalkMacro, and only
/// there: with its carry call taken out, its results are far from the
/// three passes' in that mode; at a chunk not made of its parts, and built
/// without the macro, the mode runs the three passes (their bits).
TEST_F(OpenclOnePassTest, WalkKernelRunsInItsMode) {
  ASSERT_NO_FATAL_FAILURE(prepare(2, 3000, 40));
  std::string source = model.source;
  ASSERT_TRUE(withoutWalkCarry(source, aggregateName));
  auto broken = build("ema-walk-no-carry", source, walkOption());
  // (At another chunk, so that the plan's carries hold no block's carry
  // into a block of the walk's default chunk.)
  const int64_t walkChunk = kWalkParts * kWalkPartSteps;
  std::vector<Tensor> three =
      run(broken, at(LookbackMode::ThreePass, walkChunk / 2));
  EXPECT_GT(worstDifference(run(broken, at(LookbackMode::Walk, walkChunk)),
                            three),
            1e-2);
  int64_t notParts = kWalkPartSteps * 3 / 2;
  expectIdentical(run(broken, at(LookbackMode::Walk, notParts)),
                  run(broken, at(LookbackMode::ThreePass, notParts)));
  {
    ScopedEnvironment mode("SLUICE_OPENCL_LOOKBACK", "walk");
    EXPECT_NE(programBuildOptions(false).find(walkOption()), std::string::npos);
    EXPECT_EQ(programBuildOptions(false).find(wordsOption()),
              std::string::npos);
  }
  // (Where the default rule may take it: forward progress, the GPUs it was
  // measured on.)
  EXPECT_EQ(programBuildOptions(false).find(walkOption()), std::string::npos);
  EXPECT_NE(programBuildOptions(true).find(walkOption()), std::string::npos);
  auto unbuilt = build("ema-walk-no-carry-unbuilt", source);
  expectIdentical(run(unbuilt, at(LookbackMode::Walk, walkChunk)),
                  run(unbuilt, at(LookbackMode::ThreePass, walkChunk)));
}

TEST_F(OpenclOnePassTest, ProgramWithoutOnePassKernelRunsThreePasses) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  std::string source = model.source;
  for (const std::string &kernel :
       {onePassName, onePassTileKernelName(aggregateName),
        onePassWordsKernelName(aggregateName),
        onePassRowsKernelName(aggregateName)}) {
    size_t start = source.find("// " + kernel + ":");
    size_t end = source.find("\n}\n", start);
    ASSERT_NE(start, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    source.erase(start, end + 3 - start);
  }
  ASSERT_EQ(source.find(onePassName), std::string::npos);
  auto old = build("ema-old", source);
  auto program = build("ema", model.source);
  expectIdentical(run(old, LookbackMode::OnePass),
                  run(program, LookbackMode::ThreePass));
}

/// Rows (D = 1) in the three passes: the `_rows` kernels, a block a
/// work-item and an item a work-item run the same bodies on the same items,
/// so their results are identical; so are the `_rows` kernels' launches
/// split into many (each its own `first`) and a program without them (an
/// older artifact's, which runs the order chosen without them).
TEST_F(OpenclOnePassTest, RowOrdersEqualTheItemOrder) {
  ASSERT_NO_FATAL_FAILURE(prepare(/*batch=*/5, /*steps=*/20011, /*width=*/1));
  auto program = build("ema-rows", model.source);
  PlanExecutorOptions options = at(LookbackMode::ThreePass, 16);
  std::vector<Tensor> items;
  {
    ScopedEnvironment order("SLUICE_OPENCL_ROWS_ORDER", "items");
    items = run(program, options);
  }
  {
    ScopedEnvironment order("SLUICE_OPENCL_ROWS_ORDER", "blocks");
    ASSERT_NO_FATAL_FAILURE(poisonPool());
    expectIdentical(run(program, options), items);
  }
  ScopedEnvironment order("SLUICE_OPENCL_ROWS_ORDER", "rows");
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(program, options), items);
  PlanExecutorOptions split = options;
  split.maxItemsPerLaunch = 7;
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(program, split), items);
  std::string source = model.source;
  for (const runtime::Step &step : model.plan.steps)
    if (step.kind == runtime::Step::Kind::Lookback)
      for (const runtime::Step *kernel : {&step.body[0], &step.body[2]}) {
        std::string name = rowsKernelName(kernel->name);
        size_t start = source.find("// " + name + ":");
        size_t end = source.find("\n}\n", start);
        ASSERT_NE(start, std::string::npos) << name;
        ASSERT_NE(end, std::string::npos) << name;
        source.erase(start, end + 3 - start);
        ASSERT_EQ(source.find(name + "("), std::string::npos) << name;
      }
  ASSERT_NO_FATAL_FAILURE(poisonPool());
  expectIdentical(run(build("ema-rows-old", source), options), items);
}

/// Takes both flag writes out of the one-pass kernels in `source`, so every
/// tile after the first waits for a predecessor that never publishes (with
/// only the carry's write gone, tiles would walk back over the published
/// aggregates to the init and never wait). False when one is not there.
bool removePublishes(std::string &source) {
  for (const char *publish : {"atomic_xchg(&flags[tile], aggregateReady);",
                              "atomic_xchg(&flags[tile], carryReady);"}) {
    size_t at = source.find(publish);
    if (at == std::string::npos)
      return false;
    for (; at != std::string::npos; at = source.find(publish, at))
      source.replace(at, std::string(publish).size(), ";");
  }
  return true;
}

TEST_F(OpenclOnePassTest, PredecessorThatNeverPublishesIsAnError) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  std::string source = model.source;
  ASSERT_TRUE(removePublishes(source));
  auto program = build("ema-never-publishes", source,
                       " -DSLUICE_LOOKBACK_SPIN_LIMIT=1000");
  std::string message = errorOf([&] { run(program, LookbackMode::OnePass); });
  EXPECT_NE(message.find("kernel '" + onePassName + "' of model 'ema'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("did not let a waiting work-group's predecessor run"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("SLUICE_OPENCL_LOOKBACK=three-pass"),
            std::string::npos)
      << message;
  // The three passes never wait: the same program still runs so.
  EXPECT_NO_THROW(run(program, LookbackMode::ThreePass));
}

TEST_F(OpenclOnePassTest, EnvironmentChoosesTheMode) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  std::string source = model.source;
  ASSERT_TRUE(removePublishes(source));
  auto program = build("ema-never-publishes", source,
                       " -DSLUICE_LOOKBACK_SPIN_LIMIT=1000");
  {
    ScopedEnvironment env("SLUICE_OPENCL_LOOKBACK", "onepass");
    EXPECT_NE(errorOf([&] { run(program, LookbackMode::Auto); }), "");
  }
  {
    ScopedEnvironment env("SLUICE_OPENCL_LOOKBACK", "three-pass");
    EXPECT_EQ(errorOf([&] { run(program, LookbackMode::Auto); }), "");
  }
  {
    // (The program lacks the tile: the plain one pass, which waits.)
    ScopedEnvironment env("SLUICE_OPENCL_LOOKBACK", "onepass-tile");
    EXPECT_NE(errorOf([&] { run(program, LookbackMode::Auto); }), "");
  }
  {
    ScopedEnvironment env("SLUICE_OPENCL_LOOKBACK", "fast");
    EXPECT_NE(errorOf([&] {
                run(program, LookbackMode::Auto);
              }).find("SLUICE_OPENCL_LOOKBACK='fast' is not 'onepass', "
                      "'three-pass', 'onepass-tile', 'onepass-words', "
                      "'walk', 'walk-pairs' or 'onepass-rows'"),
              std::string::npos);
  }
}

} // namespace
