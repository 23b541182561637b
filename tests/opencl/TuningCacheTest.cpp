//===- TuningCacheTest.cpp - The tuning cache file and the default chunk ---===//
//
// runtime/opencl/TuningCache.h: entries survive a save and a load; a key
// that differs in device, kernel or size class finds nothing; a corrupt
// file, or one of another format or version, is an empty cache and one
// warning, never an error; saving leaves no temporary file behind. And the
// default chunk rule of runtime/opencl/LookbackTuning.h. Needs no device.
//
//===----------------------------------------------------------------------===//

#include "runtime/opencl/LookbackTuning.h"
#include "runtime/Error.h"
#include "runtime/opencl/TuningCache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace sluice::runtime::opencl;

namespace {

class TuningCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir = ::testing::TempDir() + "/sluice-tuning-test-" +
          std::to_string(::getpid()) + "-" + std::to_string(counter++);
    std::filesystem::remove_all(dir);
    path = dir + "/sub/tuning.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  void write(const std::string &text) {
    std::filesystem::create_directories(dir + "/sub");
    std::ofstream(path) << text;
  }
  /// The cache `path` holds, and what loading it printed on stderr.
  std::string loadWarning(size_t &entries) {
    ::testing::internal::CaptureStderr();
    TuningCache cache(path);
    entries = cache.size();
    return ::testing::internal::GetCapturedStderr();
  }
  std::string dir, path;
  TuningKey key{"Dev|Vendor|1.0", "sl_scan_aggregate_3@0123456789abcdef",
                "c3.t9"};
};

TEST_F(TuningCacheTest, EntriesSurviveSaveAndLoad) {
  {
    TuningCache cache(path);
    EXPECT_EQ(cache.size(), 0u);
    cache.put(key, TuningEntry{{64, 256, LookbackMode::ThreePass}, 1234});
    TuningKey other = key;
    other.sizeClass = "c3.t10";
    cache.put(other, TuningEntry{{128, 64, LookbackMode::OnePass}, 77});
    cache.save();
  }
  TuningCache loaded(path);
  ASSERT_EQ(loaded.size(), 2u);
  std::optional<TuningEntry> entry = loaded.find(key);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->schedule.chunk, 64);
  EXPECT_EQ(entry->schedule.workGroup, 256);
  EXPECT_EQ(entry->schedule.mode, LookbackMode::ThreePass);
  EXPECT_EQ(entry->microseconds, 1234);
  TuningKey other = key;
  other.sizeClass = "c3.t10";
  ASSERT_TRUE(loaded.find(other));
  EXPECT_EQ(loaded.find(other)->schedule.mode, LookbackMode::OnePass);
  // Saved through a temporary file that is gone.
  for (const auto &file : std::filesystem::directory_iterator(dir + "/sub"))
    EXPECT_EQ(file.path().filename(), "tuning.json");
}

TEST_F(TuningCacheTest, AnotherDeviceKernelOrSizeClassFindsNothing) {
  TuningCache cache(path);
  cache.put(key, TuningEntry{{64, 128, LookbackMode::ThreePass}, 1});
  EXPECT_TRUE(cache.find(key));
  TuningKey device = key, kernel = key, size = key;
  device.device = "Dev|Vendor|2.0"; // another driver
  kernel.kernel = "sl_scan_aggregate_3@fedcba9876543210"; // another source
  size.sizeClass = "c4.t9";
  EXPECT_FALSE(cache.find(device));
  EXPECT_FALSE(cache.find(kernel));
  EXPECT_FALSE(cache.find(size));
}

TEST_F(TuningCacheTest, CorruptFileIsIgnoredWithOneWarning) {
  write("{\"format\": \"sluice-tuning\", \"version\": 1, \"entries\": [{\"dev");
  size_t entries = 99;
  std::string warning = loadWarning(entries);
  EXPECT_EQ(entries, 0u);
  EXPECT_NE(warning.find("sluice: warning: ignoring the tuning cache '" + path +
                         "'"),
            std::string::npos)
      << warning;
  // Once per file: a second load says nothing.
  EXPECT_EQ(loadWarning(entries), "");
  // A cache that starts from a corrupt file saves a good one.
  TuningCache cache(path);
  cache.put(key, TuningEntry{{32, 128, LookbackMode::ThreePass}, 5});
  cache.save();
  EXPECT_TRUE(TuningCache(path).find(key));
}

/// A cache path naming a device that never ends (/dev/zero) is read up to
/// the size bound (runtime/TextFiles.h) and ignored with a warning, not read
/// until memory runs out.
TEST_F(TuningCacheTest, EndlessFileIsIgnoredWithAWarning) {
  path = "/dev/zero";
  size_t entries = 99;
  std::string warning = loadWarning(entries);
  EXPECT_EQ(entries, 0u);
  EXPECT_NE(warning.find("'/dev/zero' is larger than 64 MiB"),
            std::string::npos)
      << warning;
}

/// Saving to a path that is a directory fails with the rename's reason
/// (not "Success": the removal of the temporary file had overwritten it).
TEST_F(TuningCacheTest, SavingOntoADirectorySaysWhy) {
  std::filesystem::create_directories(path);
  TuningCache cache(path);
  cache.put(key, TuningEntry{{32, 128, LookbackMode::ThreePass}, 5});
  std::string message;
  try {
    cache.save();
  } catch (const std::exception &e) {
    message = e.what();
  }
  EXPECT_NE(message.find("cannot write the tuning cache '" + path + "': "),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("Success"), std::string::npos) << message;
}

TEST_F(TuningCacheTest, WrongMembersAreIgnoredWithAWarning) {
  write("{\"format\": \"sluice-tuning\", \"version\": 1, \"entries\": "
        "[{\"device\": \"d\", \"kernel\": \"k\", \"size_class\": \"c\", "
        "\"chunk\": 16, \"work_group\": 64, \"mode\": \"sideways\", "
        "\"microseconds\": 3}]}");
  size_t entries = 99;
  std::string warning = loadWarning(entries);
  EXPECT_EQ(entries, 0u);
  EXPECT_NE(warning.find("not a look-back mode: 'sideways'"), std::string::npos)
      << warning;
}

TEST_F(TuningCacheTest, ForeignFormatOrVersionIsIgnored) {
  write("{\"format\": \"sluice-tuning\", \"version\": 99, \"entries\": []}");
  size_t entries = 99;
  std::string warning = loadWarning(entries);
  EXPECT_EQ(entries, 0u);
  EXPECT_NE(warning.find("format version 99; this runtime reads version 1"),
            std::string::npos)
      << warning;
  path = dir + "/sub/other.json";
  write("{\"format\": \"something-else\", \"version\": 1, \"entries\": []}");
  warning = loadWarning(entries);
  EXPECT_EQ(entries, 0u);
  EXPECT_NE(warning.find("format 'something-else'"), std::string::npos)
      << warning;
}

TEST_F(TuningCacheTest, NoFileIsAnEmptyCacheAndNoPathCannotSave) {
  size_t entries = 99;
  EXPECT_EQ(loadWarning(entries), "");
  EXPECT_EQ(entries, 0u);
  TuningCache nowhere("");
  EXPECT_THROW(nowhere.save(), sluice::Error);
}

TEST_F(TuningCacheTest, DefaultPathFollowsTheEnvironment) {
  const char *old = std::getenv("SLUICE_TUNING_CACHE");
  std::string saved = old ? old : "";
  ::setenv("SLUICE_TUNING_CACHE", path.c_str(), 1);
  EXPECT_EQ(TuningCache::defaultPath(), path);
  ::unsetenv("SLUICE_TUNING_CACHE");
  const char *cacheDir = std::getenv("SLUICE_CACHE_DIR");
  std::string savedDir = cacheDir ? cacheDir : "";
  ::setenv("SLUICE_CACHE_DIR", dir.c_str(), 1);
  EXPECT_EQ(TuningCache::defaultPath(), dir + "/tuning.json");
  if (cacheDir)
    ::setenv("SLUICE_CACHE_DIR", savedDir.c_str(), 1);
  else
    ::unsetenv("SLUICE_CACHE_DIR");
  if (old)
    ::setenv("SLUICE_TUNING_CACHE", saved.c_str(), 1);
}

TEST(TuningSizeClassTest, PowersOfTwoShareAClass) {
  EXPECT_EQ(tuningSizeClass(1024, 512), "c10.t9");
  EXPECT_EQ(tuningSizeClass(2047, 1023), "c10.t9");
  EXPECT_EQ(tuningSizeClass(1023, 1024), "c9.t10");
  EXPECT_EQ(tuningSizeClass(0, 1), "c0.t0");
  // The layout of several channels: rows and 4 interleaved differ; one
  // channel has none (older plans: stride 0).
  EXPECT_EQ(tuningSizeClass(4, 1 << 24, 1), "c2.t24.s0");
  EXPECT_EQ(tuningSizeClass(4, 1 << 24, 4), "c2.t24.s2");
  EXPECT_EQ(tuningSizeClass(8192, 8192, 1024), "c13.t13.s10");
  EXPECT_EQ(tuningSizeClass(1, 1 << 28, 1), "c0.t28");
  EXPECT_EQ(tuningSizeClass(4, 1 << 24, 0), "c2.t24");
}

TEST(DefaultLookbackChunkTest, FillsTheComputeUnitsAndBalancesTheCarry) {
  // H200 (132 SMs): (B=8, T=512, D=1024) cannot fill 270K work-items even
  // at 16; sqrt(512) rounds up to 32.
  EXPECT_EQ(defaultLookbackChunk(512, 8192, 132), 32);
  // T = 8192: 128 gives 64 blocks of 8192 channels, enough.
  EXPECT_EQ(defaultLookbackChunk(8192, 8192, 132), 128);
  // One channel of 2^28 steps: the carry walk caps it at 1024; on a GPU
  // one channel takes 8 (runs that stay in L1, measured on the H200).
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 28, 1, 132), 1024);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 28, 1, 132, /*gpu=*/true), 8);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 24, 4, 132, /*gpu=*/true), 1024);
  // Rows (each channel's steps contiguous) on a GPU as one channel; on a
  // CPU device the rule ignores the layout.
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 25, 8, 132, /*gpu=*/true,
                                 /*stepStride=*/1),
            8);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 25, 8, 132, /*gpu=*/false,
                                 /*stepStride=*/1),
            1024);
  // Few channels interleaved, two arrays a step, on a GPU: 4 x the stride
  // in [8, 64]; one array a step (a cumulative sum), or a CPU device, or
  // more than 64 interleaved, the rule's own.
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 23, 4, 132, true, 2, true), 8);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 24, 4, 132, true, 4, true), 16);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 22, 16, 132, true, 16, true),
            64);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 20, 64, 132, true, 64, true),
            64);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 24, 4, 132, true, 4, false),
            1024);
  EXPECT_EQ(defaultLookbackChunk(int64_t(1) << 24, 4, 132, false, 4, true),
            1024);
  EXPECT_EQ(defaultLookbackChunk(1 << 20, 128, 132, true, 128, true), 1024);
  // More than 128 channels in all: the rule's (256 channels of 2^18).
  EXPECT_EQ(defaultLookbackChunk(1 << 18, 256, 132, true, 4, true), 512);
  EXPECT_EQ(defaultLookbackChunk(1 << 18, 128, 132, true, 16, true), 64);
  // Never above the rule's own (512 steps: 32).
  EXPECT_EQ(defaultLookbackChunk(512, 8192, 132, true, 16, true), 32);
  // Two CPU cores (PoCL): one block of 1024 already fills them.
  EXPECT_EQ(defaultLookbackChunk(512, 8192, 2), 1024);
  // Degenerate sizes stay in range.
  EXPECT_EQ(defaultLookbackChunk(0, 0, 0), 16);
  EXPECT_EQ(defaultLookbackChunk(1, 1, 1000), 16);
}

TEST(DefaultLookbackModeTest, OnePassForManyChannelsAndStepsWhereWaitingIsSafe) {
  // The H200 (forward progress), 8192 channels of 8192 steps: the one pass,
  // with or without the tile kernel.
  for (bool tile : {false, true}) {
    EXPECT_EQ(defaultLookbackMode(8192, 8192, /*forwardProgress=*/true, tile),
              LookbackMode::OnePass);
    EXPECT_EQ(defaultLookbackMode(kOnePassMinChannels, kTileMaxSteps, true,
                                  tile),
              LookbackMode::OnePass);
  }
  // T from kTileMinSteps to below kTileMaxSteps: the register tile where
  // the program has it; without it the one pass from kOnePassMinSteps
  // (LinOSS's two states), the three passes below.
  EXPECT_EQ(defaultLookbackMode(8192, 512, true, true),
            LookbackMode::OnePassTile);
  EXPECT_EQ(defaultLookbackMode(8192, kTileMinSteps, true, true),
            LookbackMode::OnePassTile);
  EXPECT_EQ(defaultLookbackMode(8192, kTileMaxSteps - 1, true, true),
            LookbackMode::OnePassTile);
  EXPECT_EQ(defaultLookbackMode(8192, 512, true, false),
            LookbackMode::ThreePass);
  EXPECT_EQ(defaultLookbackMode(8192, kOnePassMinSteps, true, false),
            LookbackMode::OnePass);
  // The flag-word one pass wherever the program has it from
  // kWordsMinChannels channels and kWordsMinSteps steps (an f32 scan of one
  // state; with or without the tile).
  for (bool tile : {false, true}) {
    EXPECT_EQ(defaultLookbackMode(8192, 8192, true, tile, /*words=*/true),
              LookbackMode::OnePassWords);
    EXPECT_EQ(defaultLookbackMode(8192, kWordsMinSteps, true, tile, true),
              LookbackMode::OnePassWords);
    EXPECT_EQ(defaultLookbackMode(16384, int64_t(1) << 20, true, tile, true),
              LookbackMode::OnePassWords);
    EXPECT_EQ(defaultLookbackMode(kWordsMinChannels, 4096, true, tile, true),
              LookbackMode::OnePassWords);
    EXPECT_EQ(defaultLookbackMode(kWordsMinChannels - 1, 4096, true, tile,
                                  true),
              LookbackMode::ThreePass);
  }
  // Fewer channels (Hawk's 4096 without the flag-word kernel), shorter
  // sequences, one channel, or a device that may never run a waiting
  // work-group's predecessor (PoCL): the three passes.
  for (bool tile : {false, true})
    for (bool words : {false, true}) {
      EXPECT_EQ(defaultLookbackMode(1024, 4096, true, tile, words),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(4096, 4096, true, tile, false),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(4096, 512, true, tile, false),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(8192, kTileMinSteps - 1, true, tile, words),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(1, int64_t(1) << 28, true, tile, words),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(8192, 8192, /*forwardProgress=*/false,
                                    tile, words),
                LookbackMode::ThreePass);
      EXPECT_EQ(defaultLookbackMode(8192, 512, /*forwardProgress=*/false, tile,
                                    words),
                LookbackMode::ThreePass);
    }
}

TEST(DefaultLookbackModeTest, WalkWhereEveryComputeUnitGetsAWorkGroup) {
  // The H200's 132 compute units: the walk from 32 x 132 = 4224 channels,
  // at any length, whatever else the program has, forward progress or not.
  for (bool progress : {false, true})
    for (bool words : {false, true}) {
      EXPECT_EQ(defaultLookbackMode(8192, 8192, progress, true, words,
                                    /*walk=*/true, /*computeUnits=*/132),
                LookbackMode::Walk);
      EXPECT_EQ(defaultLookbackMode(kWalkChannelsPerUnit * 132, 16, progress,
                                    true, words, true, 132),
                LookbackMode::Walk);
      EXPECT_EQ(defaultLookbackMode(16384, int64_t(1) << 20, progress, true,
                                    words, true, 132),
                LookbackMode::Walk);
    }
  // Fewer channels (Hawk's 4096, 2048): the walk in more parts (the
  // binding's), down to kWalkFewMinChannelsPerUnit a unit, with or without
  // forward progress (the program has it only where it was built so);
  // fewer still, no walk kernel, or no compute units known: the rule
  // without it.
  for (int64_t channels : {kWalkChannelsPerUnit * 132 - 1, int64_t(2048),
                           kWalkFewMinChannelsPerUnit * 132}) {
    EXPECT_EQ(defaultLookbackMode(channels, 4096, true, true, true, true, 132),
              LookbackMode::Walk)
        << channels;
    EXPECT_TRUE(walkWithFewChannels(channels, 132));
  }
  EXPECT_FALSE(walkWithFewChannels(kWalkChannelsPerUnit * 132, 132));
  EXPECT_FALSE(walkWithFewChannels(2048, 0));
  EXPECT_NE(defaultLookbackMode(kWalkFewMinChannelsPerUnit * 132 - 1, 4096,
                                true, true, true, true, 132),
            LookbackMode::Walk);
  EXPECT_EQ(defaultLookbackMode(8192, 8192, true, true, true, false, 132),
            LookbackMode::OnePassWords);
  EXPECT_EQ(defaultLookbackMode(8192, 8192, false, true, true, true, 0),
            LookbackMode::ThreePass);
  EXPECT_EQ(defaultLookbackMode(1, int64_t(1) << 28, true, true, true, true,
                                132),
            LookbackMode::ThreePass);
}

TEST(DefaultLookbackModeTest, PairWalkFromItsStepsWhereTheWalkFits) {
  // Where the program has the pair walk (16-bit words of two channels):
  // from kWalkPairsMinSteps steps wherever the walk of a work-group a
  // compute unit is taken, rows or not; below, and for the walk with few
  // channels, the walk.
  auto mode = [](int64_t channels, int64_t steps, bool pairs, bool rows) {
    return defaultLookbackMode(channels, steps, true, true, true,
                               /*walk=*/true, /*computeUnits=*/132, rows,
                               /*fewBytesAStep=*/true, false, pairs);
  };
  for (bool rows : {false, true}) {
    EXPECT_EQ(mode(8192, kWalkPairsMinSteps, true, rows),
              LookbackMode::WalkPairs);
    EXPECT_EQ(mode(8192, 8192, true, rows), LookbackMode::WalkPairs);
    EXPECT_EQ(mode(8192, kWalkPairsMinSteps - 1, true, rows),
              LookbackMode::Walk);
    EXPECT_EQ(mode(8192, 8192, false, rows), LookbackMode::Walk);
  }
  EXPECT_EQ(mode(2048, 8192, true, false), LookbackMode::Walk);
}

TEST(LookbackModeNameTest, EveryModeRoundTrips) {
  for (LookbackMode mode : {LookbackMode::OnePass, LookbackMode::ThreePass,
                            LookbackMode::OnePassTile,
                            LookbackMode::OnePassWords, LookbackMode::Walk}) {
    LookbackMode parsed = LookbackMode::Auto;
    ASSERT_TRUE(parseLookbackMode(lookbackModeName(mode), parsed))
        << lookbackModeName(mode);
    EXPECT_EQ(parsed, mode);
  }
  EXPECT_STREQ(lookbackModeName(LookbackMode::OnePassTile), "onepass-tile");
  LookbackMode parsed = LookbackMode::Auto;
  EXPECT_FALSE(parseLookbackMode("tile", parsed));
  EXPECT_FALSE(parseLookbackMode("auto", parsed));
  EXPECT_TRUE(isOnePass(LookbackMode::OnePassTile));
  EXPECT_TRUE(isOnePass(LookbackMode::OnePass));
  EXPECT_FALSE(isOnePass(LookbackMode::ThreePass));
  EXPECT_FALSE(isOnePass(LookbackMode::Walk)); // (it never waits)
  EXPECT_STREQ(lookbackModeName(LookbackMode::Walk), "walk");
  EXPECT_FALSE(isOnePass(LookbackMode::Auto));
}

TEST(ItemOrderTest, FewRowsAnItemManyRowsABlockMostRowsTheRowsKernels) {
  // Fewer rows than kRowsByBlockMinChannels: an item a work-item (8 rows
  // of 2^25 on the H200), unless the threshold moves.
  EXPECT_EQ(chooseItemOrder(true, 1 << 22, 8, 132, true), ItemOrder::Items);
  EXPECT_EQ(chooseItemOrder(true, 1 << 22, 8, 132, true, std::nullopt, 2),
            ItemOrder::Blocks);
  // 64 rows of 2^19 blocks, 256 rows of 2^17 (993 a unit): a block a
  // work-item.
  EXPECT_EQ(chooseItemOrder(true, 1 << 19, 64, 132, true), ItemOrder::Blocks);
  EXPECT_EQ(chooseItemOrder(true, 1 << 17, 256, 132, true), ItemOrder::Blocks);
  // From kRowsOrderMinChannels rows, or where the blocks are too few for
  // a block a work-item: the `_rows` kernels.
  EXPECT_EQ(chooseItemOrder(true, 1 << 14, kRowsOrderMinChannels, 132, true),
            ItemOrder::Rows);
  EXPECT_EQ(chooseItemOrder(true, 2048, 64, 132, true), ItemOrder::Rows);
  // One channel, or channels interleaved: the item order.
  EXPECT_EQ(chooseItemOrder(true, 1 << 25, 1, 132, true), ItemOrder::Items);
  EXPECT_EQ(chooseItemOrder(false, 1 << 20, 1024, 132, true),
            ItemOrder::Items);
}

TEST(ItemOrderTest, WithoutTheRowsKernelsNeverTheRowOrder) {
  EXPECT_EQ(chooseItemOrder(true, 1 << 17, 4096, 132, false), ItemOrder::Blocks);
  EXPECT_EQ(chooseItemOrder(true, 2048, 64, 132, false), ItemOrder::Items);
}

TEST(ItemOrderTest, RowsLeaveTheItemOrderAsChooseItemOrderSays) {
  EXPECT_TRUE(rowsLeaveTheItemOrder(true, 2048, true));
  EXPECT_TRUE(rowsLeaveTheItemOrder(true, kRowsByBlockMinChannels, true));
  EXPECT_FALSE(rowsLeaveTheItemOrder(true, 8, true));
  EXPECT_FALSE(rowsLeaveTheItemOrder(false, 2048, true));
  EXPECT_FALSE(rowsLeaveTheItemOrder(true, 2048, false));
  // The knobs that move chooseItemOrder move it too.
  EXPECT_FALSE(rowsLeaveTheItemOrder(true, 2048, true, ItemOrder::Items));
  EXPECT_FALSE(rowsLeaveTheItemOrder(true, 2048, true, std::nullopt, 4096));
  EXPECT_TRUE(rowsLeaveTheItemOrder(true, 8, true, std::nullopt, 2));
  EXPECT_TRUE(rowsLeaveTheItemOrder(true, 8, true, ItemOrder::Rows));
  // A forced order leaves the mode of channels that are not rows alone.
  EXPECT_FALSE(rowsLeaveTheItemOrder(false, 2048, true, ItemOrder::Rows));
}

TEST(DefaultLookbackModeTest, RowsTakeTheThreePasses) {
  // 2048 rows: the flag-word one pass without the `_rows` kernels, the
  // three passes with them.
  EXPECT_EQ(defaultLookbackMode(2048, 16384, true, false, /*words=*/true),
            LookbackMode::OnePassWords);
  EXPECT_EQ(defaultLookbackMode(2048, 16384, true, false, true, false, 132,
                                /*rows=*/true),
            LookbackMode::ThreePass);
  EXPECT_EQ(defaultLookbackMode(8192, 16384, true, false, true, /*walk=*/true,
                                132, /*rows=*/true),
            LookbackMode::ThreePass);
  // One array a step (a cumulative sum) or 16-bit data keeps the walk
  // where it fits, and only there.
  EXPECT_EQ(defaultLookbackMode(8192, 16384, true, false, true, true, 132,
                                true, /*fewBytesAStep=*/true),
            LookbackMode::Walk);
  EXPECT_EQ(defaultLookbackMode(2048, 16384, true, false, true, true, 132,
                                true, /*fewBytesAStep=*/true),
            LookbackMode::ThreePass);
}

TEST(DefaultLookbackModeTest, RowsTakeTheRowOnePassFirst) {
  // Channels of contiguous steps, the row kernel in the program, forward
  // progress, a block's worth of steps: the row one pass before the three
  // passes in row order, the walk and the flag-word one pass.
  for (int64_t channels : {int64_t(1), int64_t(8), int64_t(8192)})
    EXPECT_EQ(defaultLookbackMode(channels, kRowsOnePassChunk, true, true,
                                  true, true, 132, /*rows=*/true,
                                  /*fewBytesAStep=*/true, /*rowKernel=*/true),
              LookbackMode::OnePassRows);
  EXPECT_EQ(defaultLookbackMode(1, int64_t(1) << 28, true, false, false,
                                false, 132, false, false, true),
            LookbackMode::OnePassRows);
  // Not without forward progress (its tiles wait), nor below a block.
  EXPECT_EQ(defaultLookbackMode(1, int64_t(1) << 28, false, false, false,
                                false, 132, false, false, true),
            LookbackMode::ThreePass);
  EXPECT_EQ(defaultLookbackMode(2048, kRowsOnePassChunk - 1, true, false,
                                true, false, 132, true, false, true),
            LookbackMode::ThreePass);
  LookbackMode parsed = LookbackMode::Auto;
  ASSERT_TRUE(parseLookbackMode("onepass-rows", parsed));
  EXPECT_EQ(parsed, LookbackMode::OnePassRows);
  EXPECT_STREQ(lookbackModeName(LookbackMode::OnePassRows), "onepass-rows");
  EXPECT_TRUE(isOnePass(LookbackMode::OnePassRows));
}

TEST(ItemOrderTest, ForcedOrderWinsWhereItCanRun) {
  EXPECT_EQ(chooseItemOrder(true, 1 << 19, 64, 132, true, ItemOrder::Items),
            ItemOrder::Items);
  EXPECT_EQ(chooseItemOrder(false, 64, 8, 132, true, ItemOrder::Blocks),
            ItemOrder::Blocks);
  EXPECT_EQ(chooseItemOrder(false, 64, 8, 132, true, ItemOrder::Rows),
            ItemOrder::Rows);
  // No `_rows` kernels to force: the order chosen without them.
  EXPECT_EQ(chooseItemOrder(true, 1 << 19, 64, 132, false, ItemOrder::Rows),
            ItemOrder::Blocks);
  EXPECT_EQ(chooseItemOrder(true, 1 << 19, 8, 132, false, ItemOrder::Rows),
            ItemOrder::Items);
  for (ItemOrder order : {ItemOrder::Items, ItemOrder::Blocks, ItemOrder::Rows}) {
    ItemOrder parsed = ItemOrder::Items;
    ASSERT_TRUE(parseItemOrder(itemOrderName(order), parsed));
    EXPECT_EQ(parsed, order);
  }
  ItemOrder parsed = ItemOrder::Items;
  EXPECT_FALSE(parseItemOrder("columns", parsed));
}

} // namespace
