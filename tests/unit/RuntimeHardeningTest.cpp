//===- RuntimeHardeningTest.cpp - Hostile sizes, files and thread counts --===//
//
// Sizes whose products overflow int64, allocations that cannot succeed, .npy
// headers that claim more than the file holds, endless streams, invalid
// seeds and SLUICE_NUM_THREADS values: each a sluice::Error with a message
// that names the shape or the file, never a crash, a hang or a huge
// allocation.
//
//===----------------------------------------------------------------------===//

#include "driver/RunInputs.h"
#include "runtime/Npy.h"
#include "runtime/Plan.h"
#include "runtime/Threads.h"
#include "runtime/cpu/CpuExecutor.h"

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace sluice;
using namespace sluice::runtime;

namespace {

/// The message of the sluice::Error that `body` throws ("" if none).
template <typename Body> std::string errorOf(Body &&body) {
  try {
    body();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

constexpr int64_t k2To32 = int64_t(1) << 32;

TEST(RuntimeHardening, TensorSizesThatOverflowAreErrors) {
  EXPECT_EQ(errorOf([] { Tensor(DType::F32, {k2To32, k2To32, 4}); }),
            "shape [4294967296, 4294967296, 4] has more than 2^63 bytes");
  // The element count fits, the bytes do not.
  EXPECT_EQ(errorOf([] { Tensor::uninitialized(DType::F64, {int64_t(1) << 61}, "'h'"); }),
            "shape [2305843009213693952] of 'h' has more than 2^63 bytes");
  float x = 0;
  EXPECT_EQ(errorOf([&] { Tensor::borrow(&x, DType::F32, {k2To32, k2To32, 4}); }),
            "shape [4294967296, 4294967296, 4] of a borrowed tensor has more "
            "than 2^63 bytes");
  EXPECT_NE(errorOf([] { numElementsOf({k2To32, k2To32, k2To32}); }), "");
  // A zero size makes any other size harmless.
  EXPECT_EQ(numElementsOf({0, k2To32, k2To32, k2To32}), 0);
  EXPECT_EQ(Tensor(DType::F32, {0, k2To32, k2To32}).numElements(), 0);
}

TEST(RuntimeHardening, FailedAllocationsSayHowMuchAndWhatFor) {
  // 2^60 bytes: no machine has them, and the size does not overflow.
  std::string message =
      errorOf([] { Tensor::uninitialized(DType::F32, {int64_t(1) << 58}, "'x'"); });
  EXPECT_EQ(message, "could not allocate 1152921504606846976 bytes (1.0 EiB) "
                     "for 'x' (f32, shape [288230376151711744])");
  EXPECT_NE(errorOf([] { Tensor(DType::F64, {int64_t(1) << 57}); })
                .find("could not allocate 1152921504606846976 bytes"),
            std::string::npos);
}

TEST(RuntimeHardening, ApiMisuseIsSluiceError) {
  EXPECT_NE(errorOf([] { Tensor::borrow(nullptr, DType::F32, {2, 3}); })
                .find("null data for shape [2, 3]"),
            std::string::npos);
  EXPECT_NO_THROW(Tensor::borrow(nullptr, DType::F32, {0, 3})); // nothing to read
  EXPECT_EQ(errorOf([] { Tensor(DType::F32, {2, -3}); }),
            "tensor shape [2, -3] has a negative size");
  float x[4] = {};
  EXPECT_EQ(errorOf([&] { Tensor::borrow(x, DType::F32, {2, -2}); }),
            "tensor shape [2, -2] has a negative size");
  EXPECT_EQ(errorOf([&] { Tensor::borrow(x, DType::F32, {2, 2}, {1}); }),
            "borrowed tensor: 1 strides for rank 2");
  EXPECT_NE(errorOf([] { Tensor::fromDoubles({3}, {1, 2}); }), "");
  Tensor t(DType::F32, {2, 2});
  EXPECT_EQ(errorOf([&] { t.dim(2); }), "dim 2 of a tensor of rank 2");
  EXPECT_EQ(errorOf([&] { t.getDouble(4); }),
            "element 4 of a tensor of shape [2, 2]");
}

TEST(RuntimeHardening, SizeExpressionsCheckTheirProducts) {
  SizeExpr product = SizeExpr::dim(0) * SizeExpr::dim(1) * SizeExpr::literal(4);
  EXPECT_EQ(product.evaluate({3, 5}), 60);
  EXPECT_THROW(product.evaluate({k2To32, k2To32}), SizeOverflow);
  EXPECT_EQ(SizeExpr::dim(0).ceilDiv(32).evaluate({INT64_MAX}),
            INT64_MAX / 32 + 1); // no overflow in the rounding
}

TEST(RuntimeHardening, BufferSizesAreCheckedBeforeAnyKernel) {
  // x[B] and y[T] are small; the temporary [B, T] is not.
  Plan plan;
  plan.model = "outer";
  plan.dimNames = {"B", "T"};
  BufferSpec temp;
  temp.name = "t";
  temp.shape = {SizeExpr::dim(0), SizeExpr::dim(1), SizeExpr::literal(4)};
  plan.buffers.push_back(temp);
  EXPECT_NO_THROW(checkBufferSizes(plan, {1000, 1000}));
  EXPECT_EQ(errorOf([&] { checkBufferSizes(plan, {k2To32, k2To32}); }),
            "shape [4294967296, 4294967296, 4] of buffer 't' of model 'outer' "
            "has more than 2^63 bytes (B=4294967296, T=4294967296)");
  plan.buffers[0].shape = {SizeExpr::dim(0) * SizeExpr::dim(1)};
  EXPECT_EQ(errorOf([&] { checkBufferSizes(plan, {k2To32 * 4, k2To32 * 4}); }),
            "the size B*T of buffer 't' of model 'outer' overflows int64 for "
            "B=17179869184, T=17179869184");
}

/// A .npy file whose header says `shape` of f4, followed by `data`.
std::string npyFile(const std::string &shape, const std::string &data) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  out += static_cast<char>(header.size() & 0xFF);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "/" + name + "-" + std::to_string(::getpid());
}

long maxRssKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(RuntimeHardening, NpyClaimingMoreThanTheFileIsAnErrorBeforeAllocating) {
  std::string path = tempPath("claims.npy");
  std::ofstream(path, std::ios::binary) << npyFile("(2147483648, 2)", "12345678");
  long before = maxRssKiB();
  auto start = std::chrono::steady_clock::now();
  std::string message = errorOf([&] { readNpy(path); });
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(message, path + ": truncated data: shape [2147483648, 2] of f32 "
                            "needs 17179869184 bytes, the file has 8");
  EXPECT_LT(seconds, 1.0);
  EXPECT_LT(maxRssKiB() - before, 64 * 1024); // not 16 GiB
  // Far more than any memory: the size check, not a failed allocation.
  std::ofstream(path, std::ios::binary) << npyFile("(1099511627776,)", "1234");
  EXPECT_NE(errorOf([&] { readNpy(path); }).find("truncated data"),
            std::string::npos);
  std::remove(path.c_str());
}

TEST(RuntimeHardening, NpyShapesThatOverflowAreErrors) {
  EXPECT_EQ(errorOf([] {
              decodeNpy(npyFile("(4294967296, 4294967296, 4)", ""), "in.npy");
            }),
            "in.npy: shape [4294967296, 4294967296, 4] of f32 has more than "
            "2^63 bytes");
}

TEST(RuntimeHardening, NpyStreamsAreReadOnlyAsFarAsTheHeaderSays) {
  // An endless stream without a header: an error on the magic, at once.
  EXPECT_EQ(errorOf([] { readNpy("/dev/zero"); }),
            "/dev/zero: not a .npy file (bad magic; expected \\x93NUMPY)");
  // A header length beyond any real header.
  std::string path = tempPath("longheader.npy");
  std::ofstream(path, std::ios::binary)
      << std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12);
  EXPECT_EQ(errorOf([&] { readNpy(path); }),
            path + ": the .npy header announces 2147483647 bytes (sluice "
                   "reads at most 1048576)");
  std::remove(path.c_str());
}

/// Reads a .npy file through a pipe (no size to check in advance).
std::string readThroughPipe(const std::string &bytes) {
  std::string fifo = tempPath("pipe.npy");
  ::unlink(fifo.c_str());
  EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream(fifo, std::ios::binary) << bytes;
  });
  std::string message = errorOf([&] {
    Tensor t = readNpy(fifo);
    EXPECT_EQ(t.numElements(), 2);
  });
  writer.join();
  ::unlink(fifo.c_str());
  return message;
}

TEST(RuntimeHardening, NpyFromAPipeIsReadExactly) {
  std::string data = "12345678";
  EXPECT_EQ(readThroughPipe(npyFile("(2,)", data)), "");
  EXPECT_NE(readThroughPipe(npyFile("(3,)", data)).find("truncated data: shape [3]"),
            std::string::npos);
  EXPECT_NE(readThroughPipe(npyFile("(2,)", data + "x"))
                .find("unexpected bytes after the data of shape [2]"),
            std::string::npos);
}

TEST(RuntimeHardening, RandomInputsCheckSizes) {
  EXPECT_THROW(driver::randomTensor(DType::F32, {k2To32, k2To32, 4}, 0, "x"),
               driver::InputError);
  try {
    driver::randomTensor(DType::F32, {k2To32, k2To32, 4}, 0, "x");
  } catch (const driver::InputError &e) {
    EXPECT_STREQ(e.what(), "shape [4294967296, 4294967296, 4] of 'x' has more "
                           "than 2^63 bytes");
  }
  driver::ArgSpec x{"x", false, {"B"}, DType::F32};
  driver::InputSources sources;
  sources.random = "B=1000000000000000000000";
  try {
    driver::bindArguments("m", {x}, {"B"}, sources);
    ADD_FAILURE() << "no error";
  } catch (const driver::InputError &e) {
    EXPECT_STREQ(e.what(), "--random: the size of dim 'B' is too large: "
                           "1000000000000000000000 (at most 2^62 = "
                           "4611686018427387904)");
  }
}

TEST(RuntimeHardening, SeedsOutOfRangeAreErrors) {
  EXPECT_EQ(driver::parseSeed("0"), 0u);
  EXPECT_EQ(driver::parseSeed("18446744073709551615"), UINT64_MAX);
  for (const char *bad : {"18446744073709551616", "-1", "", "1e3", "99999999999999999999999"})
    EXPECT_THROW(driver::parseSeed(bad), driver::InputError) << bad;
}

TEST(RuntimeHardening, ThreadLimitBoundsConcurrency) {
  ThreadLimit one(1);
  std::set<std::thread::id> seen;
  std::mutex mutex;
  int concurrency = 0;
  one.run([&] {
    concurrency = tbb::this_task_arena::max_concurrency();
    tbb::parallel_for(0, 1000, [&](int) {
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    });
  });
  EXPECT_EQ(concurrency, 1);
  EXPECT_EQ(seen.size(), 1u);
  ThreadLimit none(0);
  none.run([&] {
    EXPECT_EQ(tbb::this_task_arena::max_concurrency(),
              tbb::info::default_concurrency());
  });
  EXPECT_THROW(ThreadLimit(-1), Error);
  EXPECT_THROW(one.run([] { throw Error("inside"); }), Error);
}

TEST(RuntimeHardening, ThreadCountFromTheEnvironment) {
  ::unsetenv("SLUICE_NUM_THREADS");
  EXPECT_EQ(threadsFromEnvironment(), 0);
  ::setenv("SLUICE_NUM_THREADS", "3", 1);
  EXPECT_EQ(threadsFromEnvironment(), 3);
  for (const char *bad : {"0", "-2", "many", "99999999999", "5000"}) {
    ::setenv("SLUICE_NUM_THREADS", bad, 1);
    EXPECT_EQ(errorOf([] { threadsFromEnvironment(); }),
              std::string("SLUICE_NUM_THREADS must be an integer from 1 to "
                          "4096, got '") + bad + "'");
  }
  ::unsetenv("SLUICE_NUM_THREADS");
}

/// A kernel step over B*D channels of T steps each, in rows of D.
Step rowStep() {
  Step step;
  step.range = SizeExpr::dim(0) * SizeExpr::dim(2);
  step.itemSize = SizeExpr::dim(1);
  step.minGrain = 64;
  step.rowItems = SizeExpr::dim(2);
  return step;
}

TEST(RuntimeHardening, ChannelTasksTakeWholeRowsWhenEveryThreadGetsOne) {
  // (B, T, D) = (4, 2048, 1024) on 2 threads: a few tasks a thread would
  // be half rows (512); whole rows instead, one task each.
  Step step = rowStep();
  EXPECT_EQ(taskGrain(step, {4, 2048, 1024}, 2), 1024);
  // Rows narrower than a task's share: several whole rows a task.
  EXPECT_EQ(taskGrain(step, {64, 2048, 96}, 2) % 96, 0);
  // Fewer rows than threads: pieces of rows (every thread has work).
  EXPECT_EQ(taskGrain(step, {1, 2048, 1024}, 2), 128);
  EXPECT_EQ(taskGrain(step, {4, 2048, 1024}, 8), 128);
  // Rows narrower than the tile of 64: whole rows, each thread some (4
  // rows of 8 on 2 threads were one task of 64 items).
  EXPECT_EQ(taskGrain(step, {4, 1000000, 8}, 2), 8);
  EXPECT_EQ(taskGrain(step, {64, 1000, 8}, 2), 64);
  // No rows: as before, a multiple of the tile.
  step.rowItems = SizeExpr::literal(0);
  EXPECT_EQ(taskGrain(step, {4, 2048, 1024}, 2), 512);
}

} // namespace

TEST(RuntimeHardening, AlternativesGuardedOnStepsExcludeEachOther) {
  // An auto schedule's two alternatives: channel-parallel from 128 channels
  // per thread or below 1024 steps, look-back otherwise. For every channel
  // count, step count and thread count exactly one runs.
  using namespace sluice::runtime;
  Step channelParallel, lookback;
  for (Step *s : {&channelParallel, &lookback}) {
    s->guard = SizeExpr::dim(0);
    s->guardPerThread = true;
    s->stepGuard = SizeExpr::dim(1);
    s->minSteps = 1024;
  }
  channelParallel.guardMin = 128;
  channelParallel.runsOnFewSteps = true;
  lookback.guardMax = 128;
  for (int64_t threads : {1, 2, 16})
    for (int64_t channels : {1, 127, 128, 255, 256, 4096})
      for (int64_t steps : {1, 1023, 1024, 1 << 20}) {
        std::vector<int64_t> dims{channels, steps};
        bool cp = sluice::runtime::stepSelected(channelParallel, dims, threads);
        bool lb = sluice::runtime::stepSelected(lookback, dims, threads);
        EXPECT_NE(cp, lb) << channels << " channels, " << steps << " steps, "
                          << threads << " threads";
        EXPECT_EQ(lb, steps >= 1024 && channels < 128 * threads);
      }
}

TEST(RuntimeHardening, WidthGuardSplitsTheChannelParallelAlternative) {
  // The channel-parallel alternative as two kernels split by the row width
  // (Step::widthGuard: narrow rows below 4 channels), beside the look-back:
  // for every width, channel count, step count and thread count exactly
  // one of the three runs, and the narrow one only on rows under 4.
  using namespace sluice::runtime;
  Step narrow, rows, lookback;
  for (Step *s : {&narrow, &rows, &lookback}) {
    s->guard = SizeExpr::dim(0);
    s->guardPerThread = true;
    s->stepGuard = SizeExpr::dim(1);
    s->minSteps = 1024;
  }
  for (Step *s : {&narrow, &rows}) {
    s->guardMin = 2;
    s->runsOnFewSteps = true;
    s->widthGuard = SizeExpr::dim(2);
  }
  narrow.widthMax = 4;
  rows.widthMin = 4;
  lookback.guardMax = 2;
  for (int64_t threads : {1, 2, 16})
    for (int64_t channels : {1, 3, 4, 64})
      for (int64_t steps : {1, 1023, 1024, 1 << 20})
        for (int64_t width : {0, 1, 3, 4, 5, 1024}) {
          std::vector<int64_t> dims{channels, steps, width};
          int n = stepSelected(narrow, dims, threads),
              r = stepSelected(rows, dims, threads),
              l = stepSelected(lookback, dims, threads);
          EXPECT_EQ(n + r + l, 1) << channels << " channels, " << steps
                                  << " steps, width " << width << ", "
                                  << threads << " threads";
          EXPECT_EQ(l, steps >= 1024 && channels < 2 * threads);
          if (!l)
            EXPECT_EQ(n, width < 4);
        }
}
