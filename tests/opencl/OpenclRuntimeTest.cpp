//===- OpenclRuntimeTest.cpp - Programs, cache, buffers, launches ---------===//
//
// Hand-written OpenCL kernels (a vector add, a per-channel sequential scan
// h = a*h + b over [C, T]) built through the program cache and run on the
// test device; the cache's memory and disk hits, a corrupt cache file
// rebuilt; the buffer pool's reuse; the messages of a build error, a
// missing kernel and a failed launch. Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

using namespace sluice;
using namespace sluice::runtime;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

constexpr const char *kVectorAdd = R"CL(
__kernel void vadd(__global const float *x, __global const float *y,
                   __global float *out, long n) {
  long i = get_global_id(0);
  if (i < n)
    out[i] = x[i] + y[i];
}
)CL";

/// One work-item per channel walks T: h = a[c, t] * h + b[c, t].
constexpr const char *kChannelScan = R"CL(
__kernel void channel_scan(__global const float *a, __global const float *b,
                           __global float *h, long channels, long steps) {
  long c = get_global_id(0);
  if (c >= channels)
    return;
  float state = 0.0f;
  for (long t = 0; t < steps; ++t) {
    long at = c * steps + t;
    state = a[at] * state + b[at];
    h[at] = state;
  }
}
)CL";

std::vector<float> randomFloats(size_t n, float low, float high,
                                unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(n);
  for (float &v : values)
    v = distribution(random);
  return values;
}

size_t bytesOf(const std::vector<float> &values) {
  return values.size() * sizeof(float);
}

/// Runs vadd on `context` over `n` elements and checks the sums.
void expectVectorAddWorks(Context &context, size_t n) {
  auto program = context.programs().build("vector_add", kVectorAdd);
  Kernel kernel(program, "vadd");
  std::vector<float> x = randomFloats(n, -1, 1, 1),
                     y = randomFloats(n, -1, 1, 2), out(n, 0.f);
  Buffer bx = context.buffers().allocate(bytesOf(x), "x");
  Buffer by = context.buffers().allocate(bytesOf(y), "y");
  Buffer bout = context.buffers().allocate(bytesOf(out), "out");
  context.upload(bx, x.data(), bytesOf(x));
  context.upload(by, y.data(), bytesOf(y));
  kernel.launch(context.queue(),
                {KernelArg::ofBuffer(bx.handle()),
                 KernelArg::ofBuffer(by.handle()),
                 KernelArg::ofBuffer(bout.handle()),
                 KernelArg::ofInt64(static_cast<int64_t>(n))},
                {(n + 63) / 64 * 64}, {64});
  context.download(bout, out.data(), bytesOf(out));
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(out[i], x[i] + y[i]) << "at " << i;
}

using OpenclRuntime = OpenclTest;

TEST_F(OpenclRuntime, VectorAddRuns) {
  auto context = makeContext();
  expectVectorAddWorks(*context, 1000);
}

TEST_F(OpenclRuntime, ChannelScanMatchesTheLoop) {
  auto context = makeContext();
  const int64_t channels = 37, steps = 300;
  size_t n = static_cast<size_t>(channels * steps);
  std::vector<float> a = randomFloats(n, 0.5f, 1.0f, 3),
                     b = randomFloats(n, -1, 1, 4), h(n, 0.f);
  Buffer ba = context->buffers().allocate(bytesOf(a), "a");
  Buffer bb = context->buffers().allocate(bytesOf(b), "b");
  Buffer bh = context->buffers().allocate(DType::F32, {channels, steps}, "h");
  context->upload(ba, a.data(), bytesOf(a));
  context->upload(bb, b.data(), bytesOf(b));
  auto program = context->programs().build("scan", kChannelScan);
  Kernel kernel(program, "channel_scan");
  kernel.launch(context->queue(),
                {KernelArg::ofBuffer(ba.handle()),
                 KernelArg::ofBuffer(bb.handle()),
                 KernelArg::ofBuffer(bh.handle()), KernelArg::ofInt64(channels),
                 KernelArg::ofInt64(steps)},
                {static_cast<size_t>(channels)});
  context->download(bh, h.data(), bytesOf(h));
  for (int64_t c = 0; c < channels; ++c) {
    double state = 0;
    for (int64_t t = 0; t < steps; ++t) {
      size_t at = static_cast<size_t>(c * steps + t);
      state = double(a[at]) * state + double(b[at]);
      ASSERT_NEAR(h[at], state, 1e-4 * (std::fabs(state) + 1))
          << "channel " << c << " step " << t;
    }
  }
}

TEST_F(OpenclRuntime, SecondBuildIsACacheHit) {
  {
    auto context = makeContext();
    auto first = context->programs().build("vector_add", kVectorAdd);
    auto second = context->programs().build("vector_add", kVectorAdd);
    EXPECT_EQ(first.get(), second.get());
    ProgramCacheStats stats = context->programs().stats();
    EXPECT_EQ(stats.sourceBuilds, 1u);
    EXPECT_EQ(stats.memoryHits, 1u);
    EXPECT_EQ(stats.diskHits, 0u);
    EXPECT_EQ(stats.diskWrites, 1u);
    // Other options are another program.
    context->programs().build("vector_add", kVectorAdd, "-DUNUSED=1");
    EXPECT_EQ(context->programs().stats().sourceBuilds, 2u);
    EXPECT_NE(context->programs().key(kVectorAdd, ""),
              context->programs().key(kVectorAdd, "-DUNUSED=1"));
  }
  // A new context (a new process, as far as the cache knows) reads the file.
  auto context = makeContext();
  expectVectorAddWorks(*context, 300);
  ProgramCacheStats stats = context->programs().stats();
  EXPECT_EQ(stats.diskHits, 1u);
  EXPECT_EQ(stats.sourceBuilds, 0u);
  EXPECT_EQ(stats.corruptFiles, 0u);
  // A program from a binary still checks its kernels' arguments.
  Kernel kernel(context->programs().build("vector_add", kVectorAdd), "vadd");
  Buffer buffer = context->buffers().allocate(256, "x");
  std::string message = errorOf([&] {
    kernel.setArgs({KernelArg::ofInt64(0), KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofInt64(1)});
  });
  EXPECT_NE(message.find("argument 0 ('x') of kernel 'vadd'"),
            std::string::npos)
      << message;
  // The files are whole: no temporary file is left behind.
  for (const auto &entry :
       std::filesystem::directory_iterator(context->programs().directory()))
    EXPECT_EQ(entry.path().extension(), ".bin") << entry.path();
}

TEST_F(OpenclRuntime, BuildLogIsPrintedWhenAskedForBuildsFromSource) {
  auto logOf = [&](const char *value, auto &&body) {
    ScopedEnvironment environment("SLUICE_OPENCL_BUILD_LOG", value);
    ::testing::internal::CaptureStderr();
    body();
    return ::testing::internal::GetCapturedStderr();
  };
  const std::string header = "OpenCL build log of program 'vector_add' on ";
  {
    auto context = makeContext();
    std::string first = logOf("1", [&] {
      context->programs().build("vector_add", kVectorAdd, "-DLOGGED=1");
    });
    EXPECT_NE(first.find(header), std::string::npos) << first;
    EXPECT_NE(first.find("-DLOGGED=1"), std::string::npos) << first;
    // The same program again comes from memory: nothing is built.
    std::string again = logOf("1", [&] {
      context->programs().build("vector_add", kVectorAdd, "-DLOGGED=1");
    });
    EXPECT_EQ(again.find(header), std::string::npos) << again;
    // Unset or "0": no log.
    for (const char *value : {static_cast<const char *>(nullptr), "0"}) {
      std::string quiet = logOf(value, [&] {
        context->programs().build("vector_add", kVectorAdd,
                                  value ? "-DQUIET=0" : "-DQUIET=1");
      });
      EXPECT_EQ(quiet.find(header), std::string::npos) << quiet;
    }
  }
  // A new context reads the binary from the disk cache: not built either.
  auto context = makeContext();
  std::string fromDisk = logOf("1", [&] {
    context->programs().build("vector_add", kVectorAdd, "-DLOGGED=1");
  });
  EXPECT_EQ(context->programs().stats().diskHits, 1u);
  EXPECT_EQ(fromDisk.find(header), std::string::npos) << fromDisk;
}

TEST_F(OpenclRuntime, CorruptCacheFileIsRebuilt) {
  std::string path;
  {
    auto context = makeContext();
    context->programs().build("vector_add", kVectorAdd);
    path =
        context->programs().filePath(context->programs().key(kVectorAdd, ""));
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  auto fileSize = std::filesystem::file_size(path);
  // Garbage, a truncated file, a flipped byte of the binary: each ignored.
  std::vector<std::function<void()>> corruptions = {
      [&] {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << "junk";
      },
      [&] { std::filesystem::resize_file(path, fileSize / 2); },
      [&] {
        std::fstream file(path,
                          std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(static_cast<std::streamoff>(fileSize - 1));
        file.put('\x5a');
      },
  };
  // A well-formed file (header, size and checksum right) whose binary the
  // driver refuses.
  corruptions.push_back([&] {
    std::string binary(1000, '\x17');
    uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a, as the cache sums
    for (unsigned char c : binary) {
      hash ^= c;
      hash *= 0x100000001b3ull;
    }
    std::string file = "SLUICEC1";
    for (uint64_t value : {uint64_t(binary.size()), hash})
      for (int i = 0; i < 8; ++i)
        file += static_cast<char>((value >> (8 * i)) & 0xff);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << file + binary;
  });
  for (size_t i = 0; i < corruptions.size(); ++i) {
    corruptions[i]();
    {
      auto context = makeContext();
      expectVectorAddWorks(*context, 100);
      ProgramCacheStats stats = context->programs().stats();
      EXPECT_EQ(stats.corruptFiles, 1u) << "corruption " << i;
      EXPECT_EQ(stats.sourceBuilds, 1u) << "corruption " << i;
      EXPECT_EQ(stats.diskWrites, 1u) << "corruption " << i;
    }
    // The rewritten file is good again.
    auto context = makeContext();
    context->programs().build("vector_add", kVectorAdd);
    EXPECT_EQ(context->programs().stats().diskHits, 1u) << "corruption " << i;
    EXPECT_EQ(std::filesystem::file_size(path), fileSize);
  }
}

TEST_F(OpenclRuntime, MemoryOnlyCacheWithoutADirectory) {
  ContextOptions options;
  options.cacheDirectory = "";
  Context context(device, options);
  context.programs().build("vector_add", kVectorAdd);
  context.programs().build("vector_add", kVectorAdd);
  EXPECT_EQ(context.programs().stats().memoryHits, 1u);
  EXPECT_EQ(context.programs().stats().diskWrites, 0u);
  EXPECT_EQ(context.programs().filePath("x"), "");
}

TEST_F(OpenclRuntime, CacheDirectoryFromTheEnvironment) {
  {
    ScopedEnvironment dir("SLUICE_CACHE_DIR", "/tmp/sluice-x");
    EXPECT_EQ(defaultCacheDirectory(), "/tmp/sluice-x");
  }
  ScopedEnvironment dir("SLUICE_CACHE_DIR", nullptr);
  {
    ScopedEnvironment xdg("XDG_CACHE_HOME", "/tmp/xdg");
    EXPECT_EQ(defaultCacheDirectory(), "/tmp/xdg/sluice");
  }
  ScopedEnvironment xdg("XDG_CACHE_HOME", nullptr);
  ScopedEnvironment home("HOME", "/home/someone");
  EXPECT_EQ(defaultCacheDirectory(), "/home/someone/.cache/sluice");
}

TEST_F(OpenclRuntime, BufferPoolReusesBySizeClass) {
  EXPECT_EQ(bufferSizeClass(0), 256u);
  EXPECT_EQ(bufferSizeClass(256), 256u);
  EXPECT_EQ(bufferSizeClass(257), 320u);
  EXPECT_EQ(bufferSizeClass(1000), 1024u);
  EXPECT_EQ(bufferSizeClass(1025), 1280u);
  EXPECT_EQ(bufferSizeClass(1 << 20), size_t(1) << 20);
  EXPECT_EQ(bufferSizeClass((1 << 20) + 1), (size_t(1) << 20) * 5 / 4);

  auto context = makeContext();
  BufferPool &pool = context->buffers();
  // Element sizes: f16 and bf16 2 bytes, f32 4, f64 8.
  EXPECT_EQ(pool.allocate(DType::F16, {3, 100}, "h").bytes(), 600u);
  EXPECT_EQ(pool.allocate(DType::BF16, {3, 100}, "h").bytes(), 600u);
  EXPECT_EQ(pool.allocate(DType::F32, {3, 100}, "h").bytes(), 1200u);
  EXPECT_EQ(pool.allocate(DType::F64, {3, 100}, "h").bytes(), 2400u);
  BufferPoolStats before = pool.stats();
  // A plan called again asks for the same sizes: no new allocation.
  for (int call = 0; call < 5; ++call) {
    Buffer a = pool.allocate(1000, "a");
    Buffer b = pool.allocate(1000, "b");
    Buffer c = pool.allocate(5000, "c");
    EXPECT_GE(a.capacity(), 1000u);
    EXPECT_NE(a.handle(), b.handle());
  }
  BufferPoolStats after = pool.stats();
  EXPECT_EQ(after.allocations - before.allocations, 3u);
  EXPECT_EQ(after.reuses - before.reuses, 12u);
  // Classes 640, 1280 and 2560 from the dtype checks; 1024 twice and 5120.
  EXPECT_EQ(after.pooledBuffers, 6u);
  pool.trim();
  EXPECT_EQ(pool.stats().pooledBuffers, 0u);
}

TEST_F(OpenclRuntime, TensorRoundTripAndRangeErrors) {
  auto context = makeContext();
  Tensor tensor(DType::F64, {4, 5});
  for (int64_t i = 0; i < 20; ++i)
    tensor.setDouble(i, 0.5 * double(i) - 3);
  Buffer buffer = context->upload(tensor, "tensor 'x'");
  Tensor back(DType::F64, {4, 5});
  context->download(buffer, back);
  EXPECT_EQ(back.toDoubles(), tensor.toDoubles());
  std::vector<char> host(4096);
  std::string message =
      errorOf([&] { context->download(buffer, host.data(), 4096); });
  EXPECT_NE(message.find("goes past a buffer of"), std::string::npos)
      << message;
}

TEST_F(OpenclRuntime, ThreadsShareOneContext) {
  auto context = makeContext();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int thread = 0; thread < 4; ++thread)
    threads.emplace_back([&] {
      try {
        for (int call = 0; call < 10; ++call)
          expectVectorAddWorks(*context, 500 + 64 * size_t(call));
      } catch (const Error &) {
        ++failures;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_FALSE(HasFailure());
  ProgramCacheStats stats = context->programs().stats();
  EXPECT_EQ(stats.sourceBuilds, 1u);
  EXPECT_EQ(stats.memoryHits, 39u);
}

TEST_F(OpenclRuntime, BuffersAndProgramsMayOutliveTheContext) {
  auto context = makeContext();
  Buffer buffer = context->buffers().allocate(1000, "kept");
  auto program = context->programs().build("vector_add", kVectorAdd);
  context.reset();
  EXPECT_TRUE(bool(buffer));
  Kernel kernel(program, "vadd");
  EXPECT_EQ(kernel.argCount(), 4u);
  buffer = Buffer(); // released straight to OpenCL: the pool is gone
}

TEST_F(OpenclRuntime, BuildErrorHoldsTheLogAndTheName) {
  auto context = makeContext();
  std::string source = "__kernel void broken(__global float *x) {\n"
                       "  x[0] = undeclared_variable_here;\n}\n";
  std::string message = errorOf(
      [&] { context->programs().build("broken_program", source, "-DX=1"); });
  EXPECT_NE(message.find("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("program 'broken_program'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("with options '-DX=1'"), std::string::npos) << message;
  EXPECT_NE(message.find("build log:"), std::string::npos) << message;
  EXPECT_NE(message.find("undeclared_variable_here"), std::string::npos)
      << message;
  // Nothing was cached.
  EXPECT_FALSE(std::filesystem::exists(
      context->programs().filePath(context->programs().key(source, "-DX=1"))));
}

TEST_F(OpenclRuntime, MissingKernelAndLaunchErrorsNameTheKernel) {
  auto context = makeContext();
  auto program = context->programs().build("vector_add", kVectorAdd);
  Buffer buffer = context->buffers().allocate(256, "x");
  std::string message = errorOf([&] { Kernel(program, "no_such_kernel"); });
  EXPECT_NE(message.find("clCreateKernel failed with CL_INVALID_KERNEL_NAME"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("kernel 'no_such_kernel' of program 'vector_add'"),
            std::string::npos)
      << message;

  Kernel kernel(program, "vadd");
  KernelLimits limits = kernel.limits(device.device);
  EXPECT_GT(limits.maxWorkGroupSize, 0u);
  EXPECT_LE(limits.maxWorkGroupSize, device.maxWorkGroupSize);
  EXPECT_GT(limits.preferredMultiple, 0u);
  // A work-group larger than the device allows: the driver's refusal names
  // the kernel.
  kernel.setArgs({KernelArg::ofBuffer(buffer.handle()),
                  KernelArg::ofBuffer(buffer.handle()),
                  KernelArg::ofBuffer(buffer.handle()), KernelArg::ofInt64(0)});
  size_t tooLarge = device.maxWorkGroupSize * 2;
  message = errorOf(
      [&] { kernel.enqueue(context->queue(), {tooLarge}, {tooLarge}); });
  EXPECT_NE(message.find("clEnqueueNDRangeKernel failed with CL_INVALID_WORK_"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("for kernel 'vadd' of program 'vector_add'"),
            std::string::npos)
      << message;
  Kernel fresh(program, "vadd");
  // Launched before its arguments are set.
  message = errorOf([&] { fresh.enqueue(context->queue(), {64}); });
  EXPECT_NE(message.find("clEnqueueNDRangeKernel failed with "
                         "CL_INVALID_KERNEL_ARGS (-52) for kernel 'vadd' of "
                         "program 'vector_add'"),
            std::string::npos)
      << message;
  // Too few arguments, and a scalar where a buffer goes (PoCL would read
  // the int64 as a cl_mem and crash): refused before the driver sees them.
  message = errorOf([&] { kernel.setArgs({KernelArg::ofInt64(1)}); });
  EXPECT_NE(message.find("kernel 'vadd' of program 'vector_add' takes 4 "
                         "arguments, given 1"),
            std::string::npos)
      << message;
  message = errorOf([&] {
    kernel.setArgs({KernelArg::ofBuffer(buffer.handle()), KernelArg::ofInt64(1),
                    KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofInt64(1)});
  });
  EXPECT_NE(message.find("argument 1 ('y') of kernel 'vadd' of program "
                         "'vector_add' is a buffer pointer of type 'float*', "
                         "given an int64"),
            std::string::npos)
      << message;
  message = errorOf([&] {
    kernel.setArgs({KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofBuffer(buffer.handle()),
                    KernelArg::ofFloat(1)});
  });
  EXPECT_NE(message.find("argument 3 ('n') of kernel 'vadd' of program "
                         "'vector_add' is a scalar of type 'long', given a "
                         "float"),
            std::string::npos)
      << message;
  // Work sizes the runtime refuses before OpenCL sees them.
  message = errorOf([&] { kernel.enqueue(context->queue(), {}); });
  EXPECT_NE(message.find("launching kernel 'vadd'"), std::string::npos)
      << message;
}

} // namespace

/// The flag-word one pass's word buffers (LookbackWords.h): a new epoch
/// each run; new buffers, zeroed (taken from a pool whose buffers were
/// filled with ones), when a run needs larger ones or the epochs start
/// again; a run's buffers stay its own when they are replaced.
TEST_F(OpenclRuntime, LookbackWordsGiveANewEpochEachRun) {
  auto made = makeContext();
  Context &context = *made;
  /// Leaves a buffer of `bytes` filled with ones in the pool (the next
  /// request of its size class gets it).
  auto poison = [&](size_t bytes) {
    Buffer buffer = context.buffers().allocate(bytes, "poison");
    std::vector<cl_uint> ones(bytes / 4, ~0u);
    context.upload(buffer, ones.data(), bytes);
  };
  /// Whether the first `bytes` of `buffer` are zero.
  auto zeroed = [&](const Buffer &buffer, size_t bytes) {
    std::vector<cl_uint> back(bytes / 4, 1);
    context.download(buffer, back.data(), bytes);
    return back == std::vector<cl_uint>(bytes / 4, 0);
  };
  LookbackWords words(/*maxEpoch=*/3);
  auto next = [&](size_t bytes) {
    return words.next(context.buffers(), context.queue(), bytes, bytes / 2,
                      "a test");
  };
  poison(64);
  poison(32);
  LookbackWords::Run first = next(64);
  EXPECT_EQ(first.epoch, 1);
  ASSERT_TRUE(first.aggregateWords && first.carryWords);
  EXPECT_GE(first.aggregateWords->bytes(), 64u);
  EXPECT_GE(first.carryWords->bytes(), 32u);
  EXPECT_TRUE(zeroed(*first.aggregateWords, 64));
  EXPECT_TRUE(zeroed(*first.carryWords, 32));
  LookbackWords::Run second = next(64);
  EXPECT_EQ(second.epoch, 2);
  EXPECT_EQ(second.aggregateWords, first.aggregateWords);
  EXPECT_EQ(next(32).epoch, 3); // (smaller: the same buffers)
  // Past the last epoch: new buffers, zeroed, epoch 1; the old ones are
  // now only the runs' that hold them.
  poison(64);
  poison(32);
  LookbackWords::Run wrapped = next(64);
  EXPECT_EQ(wrapped.epoch, 1);
  EXPECT_NE(wrapped.aggregateWords, first.aggregateWords);
  EXPECT_NE(wrapped.carryWords, first.carryWords);
  EXPECT_TRUE(zeroed(*wrapped.aggregateWords, 64));
  EXPECT_TRUE(zeroed(*wrapped.carryWords, 32));
  EXPECT_EQ(first.aggregateWords.use_count(), 2); // first and second
  // Larger: new buffers, zeroed, epoch 1.
  poison(4096);
  poison(2048);
  LookbackWords::Run larger = next(4096);
  EXPECT_EQ(larger.epoch, 1);
  EXPECT_NE(larger.aggregateWords, wrapped.aggregateWords);
  EXPECT_GE(larger.aggregateWords->bytes(), 4096u);
  EXPECT_TRUE(zeroed(*larger.aggregateWords, 4096));
  EXPECT_TRUE(zeroed(*larger.carryWords, 2048));
  EXPECT_EQ(next(4096).epoch, 2);
}
