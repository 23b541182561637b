//===- OpenclEmitTest.cpp - Every model's kernels build as OpenCL C -------===//
//
// For every model of examples/*.sl and tests/Run/*.sl: the plan and kernels
// of the `cpu` stage, printed by the OpenCL code generator, build on the
// test device (PoCL in CI), and every kernel step of the plan is a kernel
// of the program with the parameter count of runtime/opencl/KernelAbi.h.
// Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/KernelAbi.h"

#include <cctype>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// Every kernel step of `steps` and their bodies.
void collectKernels(const std::vector<runtime::Step> &steps,
                    std::vector<const runtime::Step *> &found) {
  for (const runtime::Step &step : steps) {
    if (step.kind == runtime::Step::Kind::Kernel)
      found.push_back(&step);
    collectKernels(step.body, found);
  }
}

class OpenclEmitBuildTest : public OpenclTest,
                            public ::testing::WithParamInterface<std::string> {
};

TEST_P(OpenclEmitBuildTest, EveryKernelBuilds) {
  std::vector<EmittedModel> models = emitModels(GetParam());
  ASSERT_FALSE(models.empty());
  // No disk cache: PoCL compiles every kernel of a program to machine code
  // when asked for its binary (which the disk cache asks), 140 s for all
  // models with a cold PoCL cache here instead of 30 s; the build itself
  // (parsing, checking, kernel lookup) is what this test is about.
  ContextOptions noDiskCache;
  noDiskCache.cacheDirectory = "";
  auto context = std::make_unique<Context>(device, noDiskCache);
  for (const EmittedModel &model : models) {
    SCOPED_TRACE("model " + model.plan.model + " of " + GetParam());
    std::shared_ptr<const Program> program;
    ASSERT_NO_THROW(program = context->programs().build(
                        model.plan.model, model.source,
                        codegen::opencl::kOpenclBuildOptions))
        << model.source;
    std::vector<const runtime::Step *> kernels;
    collectKernels(model.plan.steps, kernels);
    EXPECT_FALSE(kernels.empty());
    unsigned dims = model.plan.dimNames.size() + model.plan.numCounters;
    for (const runtime::Step *step : kernels) {
      Kernel kernel(program, step->name);
      int scalars = step->groupLanes.constant != 0 ? kGroupKernelParams
                                                    : kLaunchParams;
      EXPECT_EQ(kernel.argCount(), step->buffers.size() + dims + scalars)
          << step->name;
    }
  }
}

/// The private arrays a launcher must size work-groups by: the ring of an
/// sl.loop channel kernel (kLagBudget values: 16380 floats, so the kernel
/// declares a work-group of 16), and at most a few lane values in a scan's
/// kernels (no required work-group size).
TEST(OpenclEmitPrivateArrays, RingOfALoopChannelKernel) {
  std::vector<EmittedModel> holt = emitModels("examples/holt_winters.sl");
  ASSERT_EQ(holt.size(), 1u);
  ASSERT_FALSE(holt[0].privateBytes.empty());
  for (const auto &[name, bytes] : holt[0].privateBytes) {
    EXPECT_NE(name.find("sl_loop_channels_"), std::string::npos) << name;
    EXPECT_EQ(bytes, 16380 * 4) << name;
    EXPECT_NE(holt[0].source.find("float v0[16380];"), std::string::npos);
  }
  EXPECT_NE(holt[0].source.find("reqd_work_group_size(16, 1, 1)"),
            std::string::npos);
  std::vector<EmittedModel> ema = emitModels("examples/ema.sl");
  ASSERT_EQ(ema.size(), 1u);
  for (const auto &[name, bytes] : ema[0].privateBytes)
    EXPECT_LE(bytes, 256) << name;
  EXPECT_EQ(ema[0].source.find("reqd_work_group_size"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Models, OpenclEmitBuildTest,
                         ::testing::ValuesIn(modelFiles()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           for (char &c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           return name;
                         });

} // namespace
