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

#include <algorithm>
#include <chrono>
#include <filesystem>

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

/// The model files: examples/*.sl and the tests/Run/*.sl that define a
/// model (some only drive `sluice` with other files).
std::vector<std::string> modelFiles() {
  std::vector<std::string> files;
  for (const char *folder : {"examples", "tests/Run"}) {
    std::filesystem::path dir = std::filesystem::path(SLUICE_SOURCE_DIR) / folder;
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".sl")
        continue;
      std::string text = readFile(entry.path().string());
      if (text.rfind("model ", 0) == 0 || text.find("\nmodel ") != std::string::npos)
        files.push_back(std::string(folder) + "/" + entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class OpenclEmitBuildTest : public OpenclTest,
                            public ::testing::WithParamInterface<std::string> {};

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
                        model.plan.model, model.source, codegen::opencl::kOpenclBuildOptions))
        << model.source;
    std::vector<const runtime::Step *> kernels;
    collectKernels(model.plan.steps, kernels);
    EXPECT_FALSE(kernels.empty());
    unsigned dims = model.plan.dimNames.size() + model.plan.numCounters;
    for (const runtime::Step *step : kernels) {
      Kernel kernel(program, step->name);
      EXPECT_EQ(kernel.argCount(), step->buffers.size() + dims + kLaunchParams)
          << step->name;
    }
  }
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
