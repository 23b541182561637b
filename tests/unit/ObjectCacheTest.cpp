//===- ObjectCacheTest.cpp - The JIT's object code kept on disk -----------===//
//
// A second compile of the same model in another process (here: after the
// in-memory compile cache is cleared) loads the object code the first one
// wrote instead of running LLVM, with the same results; a corrupt file, or
// one that does not link, is recompiled and rewritten; SLUICE_JIT_CACHE=0 and a
// folder that cannot be written compile every time and still run; the key names
// the kernels' text and the target.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ObjectCache.h"
#include "codegen/cpu/Jit.h"
#include "sluice/sluice.h"
#include "tests/ScopedEnvironment.h"

#include "llvm/Target/TargetMachine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using sluice::codegen::cpu::ObjectCache;
using sluice::codegen::cpu::ObjectCacheStats;
using sluice::testing::ScopedEnvironment;

namespace {

namespace fs = std::filesystem;

/// An EMA with an exp gate: 3 channels of 300 steps (the look-back scan
/// and its deferred kernels) and an element-wise epilogue.
const char *kModel = R"(model gated {
  dims B, T, D
  input x : f32[B, T, D]
  input g : f32[B, T, D]
  scan t over T { h[t] = exp(-softplus(g[t])) * h[t-1] + x[t] }
  output y = tanh(h) * 0.5
}
)";

/// Runs `text` (compiled afresh: the in-memory cache cleared) on fixed
/// inputs; the output's elements.
std::vector<double> compileAndRun(const std::string &text) {
  sluice::clearCompileCache();
  auto model = sluice::compileString(text, "gated.sl");
  sluice::Tensor x(sluice::DType::F32, {1, 300, 3}),
      g(sluice::DType::F32, {1, 300, 3});
  for (int64_t i = 0; i < x.numElements(); ++i) {
    x.setDouble(i, 0.01 * (i % 17) - 0.05);
    g.setDouble(i, 0.1 * (i % 7) - 0.2);
  }
  return model->run({{"x", x}, {"g", g}}).at("y").toDoubles();
}

/// The cache files under `dir`.
std::vector<fs::path> filesIn(const fs::path &dir) {
  std::vector<fs::path> files;
  if (fs::exists(dir))
    for (const auto &entry : fs::directory_iterator(dir))
      files.push_back(entry.path());
  return files;
}

class ObjectCacheTest : public ::testing::Test {
protected:
  ObjectCacheTest()
      : root(fs::temp_directory_path() /
             ("sluice-objects-" + std::to_string(::getpid()))),
        dir("SLUICE_CACHE_DIR", root.c_str()), on("SLUICE_JIT_CACHE", nullptr) {
    fs::remove_all(root);
  }
  ~ObjectCacheTest() override { fs::remove_all(root); }

  fs::path root;
  ScopedEnvironment dir, on;
};

TEST_F(ObjectCacheTest, SecondCompileLoadsTheObjects) {
  ObjectCacheStats before = ObjectCache::stats();
  std::vector<double> first = compileAndRun(kModel);
  ObjectCacheStats afterFirst = ObjectCache::stats();
  EXPECT_GT(afterFirst.compiles, before.compiles);
  EXPECT_EQ(afterFirst.hits, before.hits);
  EXPECT_EQ(afterFirst.writes - before.writes,
            afterFirst.compiles - before.compiles);
  std::vector<fs::path> files = filesIn(root / "cpu");
  ASSERT_EQ(files.size(), afterFirst.writes - before.writes);

  std::vector<double> second = compileAndRun(kModel);
  ObjectCacheStats afterSecond = ObjectCache::stats();
  EXPECT_EQ(afterSecond.compiles, afterFirst.compiles);
  EXPECT_EQ(afterSecond.hits - afterFirst.hits,
            afterFirst.compiles - before.compiles);
  EXPECT_EQ(second, first); // the same code: the same bits

  // A file that fails its checks is compiled again and rewritten.
  for (const fs::path &file : files) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 2));
    f.put('\x5a');
  }
  std::vector<double> third = compileAndRun(kModel);
  ObjectCacheStats afterThird = ObjectCache::stats();
  EXPECT_EQ(afterThird.corruptFiles - afterSecond.corruptFiles, files.size());
  EXPECT_EQ(afterThird.compiles - afterSecond.compiles, files.size());
  EXPECT_EQ(third, first);
  compileAndRun(kModel);
  ObjectCacheStats afterFourth = ObjectCache::stats();
  EXPECT_EQ(afterFourth.hits - afterThird.hits, files.size());

  // A file that passes its checks but holds no object code does not link:
  // compiled again and rewritten too.
  ObjectCache cache((root / "cpu").string());
  for (const fs::path &file : files)
    cache.store(file.stem().string(), "not an object file");
  EXPECT_EQ(compileAndRun(kModel), first);
  ObjectCacheStats afterFifth = ObjectCache::stats();
  EXPECT_EQ(afterFifth.corruptFiles - afterFourth.corruptFiles, files.size());
  EXPECT_EQ(afterFifth.compiles - afterFourth.compiles, files.size());
  compileAndRun(kModel);
  EXPECT_EQ(ObjectCache::stats().hits - afterFifth.hits, files.size());
}

TEST_F(ObjectCacheTest, OffOrUnwritableStillCompiles) {
  std::vector<double> expected;
  {
    ScopedEnvironment off("SLUICE_JIT_CACHE", "0");
    ObjectCacheStats before = ObjectCache::stats();
    expected = compileAndRun(kModel);
    EXPECT_GT(ObjectCache::stats().compiles, before.compiles);
    EXPECT_EQ(ObjectCache::stats().writes, before.writes);
    EXPECT_TRUE(filesIn(root / "cpu").empty());
  }
  // A cache folder under a regular file cannot be created.
  fs::create_directories(root);
  std::ofstream(root / "file") << "x";
  ScopedEnvironment blocked("SLUICE_CACHE_DIR", (root / "file").c_str());
  ObjectCacheStats before = ObjectCache::stats();
  EXPECT_EQ(compileAndRun(kModel), expected);
  EXPECT_GT(ObjectCache::stats().compiles, before.compiles);
  EXPECT_EQ(ObjectCache::stats().writes, before.writes);
}

TEST_F(ObjectCacheTest, TrimKeepsTheRecentlyUsed) {
  ObjectCache cache((root / "cpu").string(), /*capacityBytes=*/100 * 1024);
  auto hourAgo = fs::file_time_type::clock::now() - std::chrono::hours(1);
  std::string payload(30 * 1024, 'x');
  for (int i = 0; i < 10; ++i) {
    std::string key = "key" + std::to_string(i);
    cache.store(key, payload);
    fs::last_write_time(cache.filePath(key), hourAgo + std::chrono::seconds(i));
  }
  std::string object;
  ASSERT_TRUE(cache.load("key3", object)); // used now
  EXPECT_EQ(object, payload);
  // Temporary files of an interrupted write: an old one goes, a fresh one
  // (a write under way) stays.
  std::ofstream(root / "cpu" / "key0.o.tmp.1.0") << "x";
  fs::last_write_time(root / "cpu" / "key0.o.tmp.1.0",
                      hourAgo - std::chrono::minutes(1));
  std::ofstream(root / "cpu" / "key1.o.tmp.1.1") << "x";
  uint64_t evictions = ObjectCache::stats().evictions;
  EXPECT_GT(cache.trim(), 0u);
  std::vector<std::string> left;
  for (const fs::path &file : filesIn(root / "cpu"))
    left.push_back(file.filename().string());
  std::sort(left.begin(), left.end());
  // 10 x 30 KiB over 100 KiB: down to 3/4 of it, the least recently used
  // first: the newest store and the one just loaded stay.
  EXPECT_EQ(left,
            (std::vector<std::string>{"key1.o.tmp.1.1", "key3.o", "key9.o"}));
  EXPECT_EQ(ObjectCache::stats().evictions - evictions, 8u);
  EXPECT_EQ(cache.trim(), 0u); // within its capacity now
}

TEST(ObjectCacheKey, NamesTheKernelsAndTheTarget) {
  auto tm = sluice::codegen::cpu::hostTargetMachine();
  std::string a = ObjectCache::key("func a", *tm, "libmvec");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, ObjectCache::key("func a", *tm, "libmvec"));
  EXPECT_NE(a, ObjectCache::key("func b", *tm, "libmvec"));
  EXPECT_NE(a, ObjectCache::key("func a", *tm, ""));
  auto pic =
      sluice::codegen::cpu::hostTargetMachine(/*positionIndependent=*/true);
  // Position-independent code (artifacts) is other code.
  EXPECT_NE(a, ObjectCache::key("func a", *pic, "libmvec"));
  ScopedEnvironment dir("SLUICE_CACHE_DIR", "/tmp/somewhere");
  ScopedEnvironment on("SLUICE_JIT_CACHE", nullptr);
  EXPECT_EQ(ObjectCache::fromEnvironment().filePath(a),
            "/tmp/somewhere/cpu/" + a + ".o");
  ScopedEnvironment off("SLUICE_JIT_CACHE", "0");
  EXPECT_FALSE(ObjectCache::fromEnvironment().enabled());
}

} // namespace
