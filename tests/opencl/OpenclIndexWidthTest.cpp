//===- OpenclIndexWidthTest.cpp - 32- and 64-bit index arithmetic ---------===//
//
// Plan programs take their dims, counts and offsets as `sl_index`, 32 bits
// when built with -DSLUICE_INDEX_32 (KernelAbi.h): examples/ema.sl's
// look-back gives the float64 recurrence's values built that way; a call
// that does not fit 32 bits (the limit lowered here, so that a small call
// stands for one of 2^30 elements) runs the same source rebuilt without the
// macro, once, with the same bits; the size test and the option edit are
// exact. Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/KernelPrinter.h"
#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/ProgramCache.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

const std::string kNarrowFlag = std::string(" -D") + kIndex32Macro;

/// examples/ema.sl's plan and source.
EmittedModel emaModel() {
  for (EmittedModel &m : emitModels("examples/ema.sl"))
    if (m.plan.model == "ema")
      return std::move(m);
  return {};
}

TEST(OpenclIndexWidth, TheSourceDeclaresBothWidths) {
  EmittedModel ema = emaModel();
  ASSERT_EQ(ema.plan.model, "ema");
  EXPECT_NE(ema.source.find("#ifdef SLUICE_INDEX_32\ntypedef int sl_index;\n"
                            "#else\ntypedef long sl_index;\n#endif"),
            std::string::npos);
  EXPECT_NE(ema.source.find("sl_index begin, sl_index end"), std::string::npos);
  // A literal that needs 64 bits keeps the program's indices at 64.
  EXPECT_EQ(codegen::opencl::indexTypePrelude(true).find("typedef int"),
            std::string::npos);
  const char *bits = std::getenv("SLUICE_OPENCL_INDEX_BITS");
  bool wide = bits && std::string(bits) == "64";
  EXPECT_EQ(definesNarrowIndex(programBuildOptions(false)), !wide);
}

TEST(OpenclIndexWidth, OptionsAndSizes) {
  std::string base = kProgramBuildOptions;
  EXPECT_EQ(withoutNarrowIndex(base + kNarrowFlag + " -DX=1"), base + " -DX=1");
  EXPECT_EQ(withoutNarrowIndex(base), base);
  // A macro that merely starts with the name stays.
  EXPECT_EQ(withoutNarrowIndex("-DSLUICE_INDEX_320"), "-DSLUICE_INDEX_320");
  // Every spelling clBuildProgram takes.
  for (const char *options :
       {"-DSLUICE_INDEX_32", "-DSLUICE_INDEX_32=1", " -D  SLUICE_INDEX_32 ",
        "-cl-mad-enable\t-D SLUICE_INDEX_32=1"}) {
    EXPECT_TRUE(definesNarrowIndex(options)) << options;
    EXPECT_FALSE(definesNarrowIndex(withoutNarrowIndex(options))) << options;
  }
  EXPECT_FALSE(definesNarrowIndex("-DSLUICE_INDEX_320 -D SLUICE_INDEX_3"));
  EXPECT_EQ(withoutNarrowIndex("-cl-mad-enable\t-D SLUICE_INDEX_32 -DX"),
            "-cl-mad-enable -DX");

  EmittedModel ema = emaModel();
  ASSERT_EQ(ema.plan.model, "ema");
  // B, T, D, the look-back's chunk, then a counter.
  ASSERT_EQ(ema.plan.dimNames.size(), 4u);
  std::vector<int64_t> dims(ema.plan.dimNames.size() + ema.plan.numCounters, 1);
  dims[0] = 2, dims[1] = 1000, dims[2] = 3, dims[3] = 100;
  EXPECT_TRUE(fitsNarrowIndex(ema.plan, dims, kNarrowIndexLimit));
  EXPECT_TRUE(fitsNarrowIndex(ema.plan, dims, 6001)); // x has 6000 elements
  EXPECT_FALSE(fitsNarrowIndex(ema.plan, dims, 6000));
  dims[1] = kNarrowIndexLimit; // one dim at the limit, whatever the buffers
  EXPECT_FALSE(fitsNarrowIndex(ema.plan, dims, kNarrowIndexLimit));
  dims[1] = 1 << 16, dims[2] = 1 << 14; // 2^31 elements: products, no overflow
  EXPECT_FALSE(fitsNarrowIndex(ema.plan, dims, kNarrowIndexLimit));
}

class OpenclIndexWidthRun : public OpenclTest {};

TEST_F(OpenclIndexWidthRun, ALargeCallRunsTheWideBuild) {
  EmittedModel ema = emaModel();
  ASSERT_EQ(ema.plan.model, "ema");
  const int64_t steps = 3000, channels = 3;
  Tensor x(runtime::DType::F32, {1, steps, channels});
  Tensor alpha(runtime::DType::F32, {channels});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.setDouble(i, std::sin(0.37 * static_cast<double>(i)));
  for (int64_t c = 0; c < channels; ++c)
    alpha.setDouble(c, 0.05 + 0.1 * static_cast<double>(c));

  ContextOptions noDiskCache;
  noDiskCache.cacheDirectory = "";
  Context context(device, noDiskCache);
  std::shared_ptr<const Program> narrow = context.programs().build(
      "ema", ema.source, std::string(kProgramBuildOptions) + kNarrowFlag);
  ASSERT_TRUE(narrow->narrowIndex());
  EXPECT_FALSE(context.programs()
                   .build("ema", ema.source, kProgramBuildOptions)
                   ->narrowIndex());
  ProgramCacheStats before = context.programs().stats();

  PlanExecutorOptions options;
  options.parallelism = 1; // the look-back for 3 channels
  std::vector<Tensor> small =
      executeOnOpencl(context, ema.plan, narrow, {x, alpha}, options);
  // The float64 recurrence m_t = (1 - alpha) m_{t-1} + alpha x_t.
  ASSERT_EQ(small.size(), 1u);
  for (int64_t c = 0; c < channels; ++c) {
    double m = 0, a = alpha.getDouble(c);
    for (int64_t t = 0; t < steps; ++t) {
      m = (1 - a) * m + a * x.getDouble(t * channels + c);
      ASSERT_NEAR(small[0].getDouble(t * channels + c), m, 1e-5)
          << "t = " << t << ", channel " << c;
    }
  }
  EXPECT_EQ(context.programs().stats().sourceBuilds, before.sourceBuilds);

  // The same call as if it had 2^30 elements: the wide build (64-bit
  // source), built once, the same bits.
  options.narrowIndexLimit = steps;
  for (int call = 0; call < 2; ++call) {
    std::vector<Tensor> wide =
        executeOnOpencl(context, ema.plan, narrow, {x, alpha}, options);
    ASSERT_EQ(wide.size(), 1u);
    EXPECT_EQ(std::memcmp(wide[0].data(), small[0].data(),
                          static_cast<size_t>(x.numElements()) * 4),
              0);
  }
  ProgramCacheStats after = context.programs().stats();
  // Built above without the macro: the wide call found it in memory.
  EXPECT_EQ(after.sourceBuilds, before.sourceBuilds);
  EXPECT_EQ(after.memoryHits, before.memoryHits + 2);
}

} // namespace
