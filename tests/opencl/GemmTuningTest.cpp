//===- GemmTuningTest.cpp - CLBlast's Xgemm parameters, tuned -------------===//
//
// runtime/opencl/GemmTuning.h and the tuning cache's "gemm" entries: size
// classes, CLBlast's constraints, the candidates, entries surviving a save
// and a load (and files without them); on the test device (PoCL in CI),
// the tuner at a product CLBlast runs with Xgemm, sgemm with the tuned entry
// (odd sizes, transposes, offsets: against a float64 loop on sampled rows),
// and an entry that breaks CLBlast's constraints ignored with one warning;
// which parameters CLBlast holds is checked after each product.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "runtime/opencl/GemmTuning.h"
#include "runtime/opencl/TuningCache.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// A tuning cache entry holding `parameters` with their names.
GemmTuningEntry entryOf(const XgemmParameters &parameters) {
  GemmTuningEntry entry;
  for (size_t i = 0; i < kXgemmParameterCount; ++i)
    entry.parameters.emplace_back(kXgemmParameterNames[i], parameters[i]);
  return entry;
}

/// A device with the H200's work-group and local-memory limits.
DeviceInfo bigDevice() {
  DeviceInfo device;
  device.deviceName = "Big";
  device.maxWorkGroupSize = 1024;
  device.localMemoryBytes = 48 * 1024;
  return device;
}

TEST(GemmTuning, SizeClasses) {
  GemmShape shape;
  shape.m = 32768;
  shape.n = 512;
  shape.k = 300;
  EXPECT_EQ(gemmSizeClass(shape), "m15.n9.k8");
  shape.m = 65535; // within the same factor of two
  EXPECT_EQ(gemmSizeClass(shape), "m15.n9.k8");
  shape.batch = 8;
  shape.transposeB = true;
  EXPECT_EQ(gemmSizeClass(shape), "m15.n9.k8.b3.tb");
  shape.batch = 1;
  shape.transposeA = true;
  shape.transposeB = false;
  EXPECT_EQ(gemmSizeClass(shape), "m15.n9.k8.ta");
}

TEST(GemmTuning, CandidatesMeetClblastsConstraints) {
  // Every written-out set passes on a device of the H200's limits.
  EXPECT_EQ(xgemmCandidateTable().size(), 14u);
  for (const XgemmParameters &c : xgemmCandidateTable())
    EXPECT_EQ(xgemmProblem(c, bigDevice()), "") << formatXgemmParameters(c);
  std::vector<XgemmParameters> candidates = xgemmCandidates(bigDevice());
  EXPECT_EQ(candidates.size(), xgemmCandidateTable().size());
  // A device with small work-groups and little local memory takes fewer.
  DeviceInfo small = bigDevice();
  small.maxWorkGroupSize = 64;
  small.localMemoryBytes = 8 * 1024;
  std::vector<XgemmParameters> fitting = xgemmCandidates(small);
  EXPECT_LT(fitting.size(), candidates.size());
  for (const XgemmParameters &c : fitting)
    EXPECT_LE(c[MDIMC] * c[NDIMC], 64) << formatXgemmParameters(c);
}

TEST(GemmTuning, ProblemsAreNamed) {
  XgemmParameters p = xgemmCandidateTable().front();
  auto problem = [&](size_t index, int64_t value,
                     const DeviceInfo &device = bigDevice()) {
    XgemmParameters bad = p;
    bad[index] = value;
    return xgemmProblem(bad, device);
  };
  EXPECT_NE(problem(MWG, 7).find("MWG is not a multiple"), std::string::npos);
  EXPECT_NE(problem(KWG, 33).find("KWG is not a multiple of KWI"),
            std::string::npos);
  EXPECT_EQ(problem(VWM, 3), "VWM is not a vector width (1, 2, 4, 8, 16)");
  EXPECT_EQ(problem(VWN, 0), "VWN is not a vector width (1, 2, 4, 8, 16)");
  EXPECT_EQ(problem(GEMMK, 2), "GEMMK is neither 0 nor 1");
  EXPECT_EQ(problem(SB, -1), "SB is neither 0 nor 1");
  EXPECT_EQ(problem(MDIMC, 0), "MDIMC is outside 1..4096");
  EXPECT_EQ(problem(NWG, int64_t(1) << 40), "NWG is outside 1..4096");
  XgemmParameters wide = p;
  wide[MDIMA] = wide[MDIMC] = wide[NDIMB] = wide[NDIMC] = 64;
  wide[MWG] = wide[NWG] = 256;
  wide[KWG] = 64; // 4096 work-items
  EXPECT_NE(xgemmProblem(wide, bigDevice()).find("work-group of 4096"),
            std::string::npos)
      << xgemmProblem(wide, bigDevice());
  DeviceInfo tiny = bigDevice();
  tiny.localMemoryBytes = 1024;
  EXPECT_NE(problem(SA, 1, tiny).find("bytes of local memory"),
            std::string::npos);
  XgemmParameters gemmk1 = xgemmCandidateTable()[6];
  ASSERT_EQ(gemmk1[GEMMK], 1);
  gemmk1[KREG] = 4; // not a multiple of VWN = 8
  EXPECT_EQ(xgemmProblem(gemmk1, bigDevice()), "KREG is not a multiple of VWN");
  EXPECT_EQ(formatXgemmParameters(p).rfind("MWG=64 NWG=64 KWG=32 ", 0), 0u);
}

class GemmTuningCacheFile : public ::testing::Test {
protected:
  void SetUp() override {
    path = ::testing::TempDir() + "/sluice-gemm-tuning-" +
           std::to_string(::getpid()) + ".json";
    std::filesystem::remove(path);
  }
  void TearDown() override { std::filesystem::remove(path); }
  std::string path;
  TuningKey key{"Dev|Vendor|1.0", kXgemmF32Kernel, "m15.n9.k9"};
};

TEST_F(GemmTuningCacheFile, EntriesSurviveSaveAndLoad) {
  XgemmParameters p = xgemmCandidateTable().back();
  {
    TuningCache cache(path);
    GemmTuningEntry entry = entryOf(p);
    entry.microseconds = 410;
    cache.putGemm(key, entry);
    TuningKey own = key;
    own.sizeClass = "m10.n9.k9";
    cache.putGemm(own, GemmTuningEntry{{}, 12}); // CLBlast's own won
    cache.put(TuningKey{"Dev|Vendor|1.0", "sl_scan_aggregate_0@00", "c3.t9"},
              TuningEntry{{64, 128, LookbackMode::ThreePass}, 7});
    cache.save();
  }
  TuningCache loaded(path);
  EXPECT_EQ(loaded.size(), 3u);
  std::optional<GemmTuningEntry> entry = loaded.findGemm(key);
  ASSERT_TRUE(entry);
  ASSERT_EQ(entry->parameters.size(), kXgemmParameterCount);
  for (size_t i = 0; i < kXgemmParameterCount; ++i) {
    EXPECT_EQ(entry->parameters[i].first, kXgemmParameterNames[i]);
    EXPECT_EQ(entry->parameters[i].second, p[i]);
  }
  EXPECT_EQ(entry->microseconds, 410);
  TuningKey own = key;
  own.sizeClass = "m10.n9.k9";
  ASSERT_TRUE(loaded.findGemm(own));
  EXPECT_TRUE(loaded.findGemm(own)->parameters.empty());
  TuningKey other = key;
  other.device = "Dev|Vendor|2.0";
  EXPECT_FALSE(loaded.findGemm(other));
  EXPECT_FALSE(loaded.find(key)); // look-back entries are another table
}

TEST_F(GemmTuningCacheFile, FilesWithoutGemmEntriesAndBadPairs) {
  std::ofstream(path) << "{\"format\": \"sluice-tuning\", \"version\": 1, "
                         "\"entries\": []}";
  EXPECT_EQ(TuningCache(path).size(), 0u);
  std::ofstream(path) << "{\"format\": \"sluice-tuning\", \"version\": 1, "
                         "\"entries\": [], \"gemm\": [{\"device\": \"d\", "
                         "\"kernel\": \"Xgemm.f32\", \"size_class\": \"m1\", "
                         "\"parameters\": [[\"MWG\"]], \"microseconds\": 1}]}";
  ::testing::internal::CaptureStderr();
  TuningCache cache(path);
  std::string warning = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_NE(warning.find("is not a [name, value] pair"), std::string::npos)
      << warning;
}

/// The tuner and sgemm with its entry on the test device.
class GemmTuningOnDevice : public OpenclTest {
protected:
  void SetUp() override {
    OpenclTest::SetUp();
    if (!IsSkipped() && !haveClblast())
      GTEST_SKIP() << "built without CLBlast";
  }
  void TearDown() override {
    // The process's cache is in memory only here (CMake points
    // SLUICE_TUNING_CACHE at a file no test writes): CLBlast's own back.
    for (const TuningKey &key : touched)
      TuningCache::forProcess().putGemm(key, GemmTuningEntry());
    OpenclTest::TearDown();
  }

  /// sgemm of `shape` (A with an offset and a wider leading dimension)
  /// against a float64 loop on every 97th row and the last.
  void checkProduct(Context &context, const GemmShape &shape) {
    size_t rowsA = shape.transposeA ? shape.k : shape.m;
    size_t colsA = shape.transposeA ? shape.m : shape.k;
    GemmOperand a{nullptr, 5, colsA + 3, 0};
    GemmOperand b{nullptr, 0, shape.transposeB ? shape.k : shape.n, 0};
    GemmOperand c{nullptr, 0, shape.n, 0};
    std::mt19937 random(11);
    std::uniform_real_distribution<float> distribution(-1, 1);
    std::vector<float> hostA(a.offset + rowsA * a.leadingDim),
        hostB(shape.k * shape.n), hostC(shape.m * shape.n, 0.0f);
    for (float &v : hostA)
      v = distribution(random);
    for (float &v : hostB)
      v = distribution(random);
    Buffer bufferA = context.buffers().allocate(hostA.size() * 4, "A");
    Buffer bufferB = context.buffers().allocate(hostB.size() * 4, "B");
    Buffer bufferC = context.buffers().allocate(hostC.size() * 4, "C");
    context.upload(bufferA, hostA.data(), hostA.size() * 4);
    context.upload(bufferB, hostB.data(), hostB.size() * 4);
    a.buffer = bufferA.handle();
    b.buffer = bufferB.handle();
    c.buffer = bufferC.handle();
    sgemm(context, shape, a, b, c);
    context.download(bufferC, hostC.data(), hostC.size() * 4);
    std::vector<size_t> rows;
    for (size_t i = 0; i < shape.m; i += 97)
      rows.push_back(i);
    rows.push_back(shape.m - 1); // the row CLBlast's padding ends on
    for (size_t i : rows)
      for (size_t j = 0; j < shape.n; ++j) {
        double sum = 0;
        for (size_t p = 0; p < shape.k; ++p) {
          double x = shape.transposeA ? hostA[a.offset + p * a.leadingDim + i]
                                      : hostA[a.offset + i * a.leadingDim + p];
          double y = shape.transposeB ? hostB[j * b.leadingDim + p]
                                      : hostB[p * b.leadingDim + j];
          sum += x * y;
        }
        ASSERT_NEAR(hostC[i * shape.n + j], sum, 1e-4 * std::sqrt(shape.k))
            << "C[" << i << ", " << j << "]";
      }
  }

  std::vector<TuningKey> touched;
};

TEST_F(GemmTuningOnDevice, TunedEntryIsUsedAndRight) {
  auto context = makeContext();
  GemmShape shape;
  shape.m = 2049; // not a multiple of any tile: CLBlast pads
  shape.n = 515;
  shape.k = 1023;
  TuningCache &cache = TuningCache::forProcess();
  TunedGemm tuned = tuneXgemm(*context, shape, /*runs=*/1, /*random=*/1,
                              /*seed=*/3, cache);
  touched.push_back(tuned.key);
  ASSERT_TRUE(tuned.indirect)
      << "CLBlast runs XgemmDirect at 2049 x 515 x 1023 on "
      << device.deviceName << ": pick a larger product";
  ASSERT_EQ(tuned.candidates.size(), 2u);
  EXPECT_FALSE(tuned.candidates[0].parameters); // CLBlast's own first
  for (const TunedGemmCandidate &c : tuned.candidates) {
    EXPECT_TRUE(c.matches) << c.problem;
    EXPECT_GT(c.milliseconds, 0);
  }
  std::string table = formatGemmTuneTable("m", tuned);
  EXPECT_NE(table.find("tune model=m kernel=Xgemm.f32 size_class=m11.n9.k9"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("winner: ms="), std::string::npos) << table;
  ASSERT_TRUE(cache.findGemm(tuned.key));

  // The winner is what sgemm now runs at this size class: right, with a
  // transposed A too (another class: CLBlast's own), then this class again.
  NamedXgemmParameters winner = cache.findGemm(tuned.key)->parameters;
  ::testing::internal::CaptureStderr();
  checkProduct(*context, shape);
  EXPECT_EQ(appliedXgemmParameters(device), winner);
  GemmShape transposed = shape;
  transposed.transposeA = true;
  checkProduct(*context, transposed);
  EXPECT_TRUE(appliedXgemmParameters(device).empty());
  checkProduct(*context, shape);
  EXPECT_EQ(appliedXgemmParameters(device), winner);

  // A candidate other than CLBlast's own, whatever won, runs right too.
  GemmTuningEntry forced = entryOf(*tuned.candidates[1].parameters);
  cache.putGemm(tuned.key, forced);
  checkProduct(*context, shape);
  EXPECT_EQ(appliedXgemmParameters(device), forced.parameters);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(GemmTuningOnDevice, EntryBreakingConstraintsIsIgnored) {
  auto context = makeContext();
  GemmShape shape;
  shape.m = 300;
  shape.n = 70;
  shape.k = 90;
  TuningKey key{tuningDeviceKey(device), kXgemmF32Kernel, gemmSizeClass(shape)};
  touched.push_back(key);
  XgemmParameters p = xgemmCandidateTable().front();
  p[MWG] = 7; // not a multiple of MDIMC * VWM
  TuningCache::forProcess().putGemm(key, entryOf(p));
  ::testing::internal::CaptureStderr();
  checkProduct(*context, shape);
  checkProduct(*context, shape);
  std::string warning = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(appliedXgemmParameters(device).empty()); // CLBlast's own
  EXPECT_NE(warning.find("sluice: warning: ignoring the tuning cache's CLBlast "
                         "parameters for matrix products of size class " +
                         key.sizeClass),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("MWG is not a multiple"), std::string::npos)
      << warning;
  // Once per size class and process.
  EXPECT_EQ(warning.find("warning", warning.find("warning") + 1),
            std::string::npos)
      << warning;
}

TEST_F(GemmTuningOnDevice, FailureNotOfTheParametersKeepsTheEntry) {
  auto context = makeContext();
  GemmShape shape; // a size class no other test refuses
  shape.m = 300;
  shape.n = 140;
  shape.k = 90;
  TuningKey key{tuningDeviceKey(device), kXgemmF32Kernel, gemmSizeClass(shape)};
  touched.push_back(key);
  GemmTuningEntry entry = entryOf(xgemmCandidateTable().back());
  TuningCache::forProcess().putGemm(key, entry);
  // A leading dimension shorter than a row fails with the tuned entry and
  // again with CLBlast's own: the first error, no warning, the entry kept.
  Buffer a = context->buffers().allocate(shape.m * shape.k * 4, "A");
  Buffer b = context->buffers().allocate(shape.k * shape.n * 4, "B");
  Buffer c = context->buffers().allocate(shape.m * shape.n * 4, "C");
  GemmOperand opA{a.handle(), 0, shape.k - 1, 0};
  GemmOperand opB{b.handle(), 0, shape.n, 0};
  GemmOperand opC{c.handle(), 0, shape.n, 0};
  ::testing::internal::CaptureStderr();
  std::string error = errorOf([&] { sgemm(*context, shape, opA, opB, opC); });
  EXPECT_NE(error.find("CLBlastInvalidLeadDimA"), std::string::npos) << error;
  checkProduct(*context, shape);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(appliedXgemmParameters(device), entry.parameters);
}

} // namespace
