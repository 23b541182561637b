//===- OpenclGroupKernelTest.cpp - Scans and their sums in work-groups ----===//
//
// The group kernels (codegen/cpu/ScanReduceGroupKernel.cpp: a scan read only
// through a sum or mean over one of its state dims, its channels one per
// work-item and its sums made in the work-group; runtime/opencl/KernelAbi.h)
// run by the plan executor on the test device against the float64
// reference: Mamba's sum over the last dim, GLA's over a middle dim, a mean
// of a reversed scan, an f64 sum, a term with a condition; T = 1, 16 and 45 (the kernel walks T in blocks of
// TargetInfo::groupKernelSteps, the last one cut), work-groups whose last
// one holds fewer groups. Each run is
// repeated with a copy of the program whose sums subtract their terms: it
// must fail where the group kernel runs and change nothing where the
// executor takes the step's fallback (a group of more than
// kGroupKernelItems lanes) or the look-back alternative (few channels).
// Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "sluice/sluice.h"

#include <cmath>
#include <map>
#include <random>

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// What runs a group kernel step: the kernel, its fallback, the look-back.
enum class Path { GroupKernel, Fallback, Lookback };

class OpenclGroupKernelTest : public OpenclTest {
protected:
  /// Model `name` of `file` with `sizes` (a dim not named gets 4), random
  /// inputs in (0.05, 0.95) (a param named A negated: Mamba's decay), the
  /// reference's results, and both programs built.
  void prepare(const std::string &file, const std::string &name,
               const std::map<std::string, int64_t> &sizes) {
    for (EmittedModel &m : emitModels(file))
      if (m.plan.model == name)
        model = std::move(m);
    ASSERT_EQ(model.plan.model, name);
    size_t sums = 0;
    for (size_t at = model.source.find("sl_sum += "); at != std::string::npos;
         at = model.source.find("sl_sum += ", at + 1))
      ++sums;
    ASSERT_GE(sums, 1u) << "no group kernel in " << file;
    std::string subtracting = model.source;
    for (size_t at = subtracting.find("sl_sum += "); at != std::string::npos;
         at = subtracting.find("sl_sum += ", at))
      subtracting.replace(at, 10, "sl_sum -= ");
    dims.clear();
    for (const std::string &dim : model.plan.dimNames) {
      auto size = sizes.find(dim);
      dims.push_back(size != sizes.end() ? size->second : 4);
    }
    std::mt19937 random(5);
    std::uniform_real_distribution<double> uniform(0.05, 0.95);
    std::map<std::string, Tensor> inputs, params;
    args.clear();
    for (const runtime::ValueSpec &arg : model.plan.arguments) {
      std::vector<int64_t> shape;
      for (size_t i = 0; i < arg.dims.size(); ++i)
        shape.push_back(arg.dims[i] >= 0 ? dims[arg.dims[i]] : arg.literal[i]);
      Tensor tensor(arg.dtype, shape);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, arg.name == "A" ? -uniform(random) : uniform(random));
      (arg.isParam ? params : inputs)[arg.name] = tensor;
      args.push_back(tensor);
    }
    sluice::CompileOptions options;
    options.target = sluice::Target::Reference;
    options.model = name;
    auto reference =
        sluice::compileFile(std::string(SLUICE_SOURCE_DIR) + "/" + file, options);
    for (const auto &[param, tensor] : params)
      reference->setParam(param, tensor);
    want = reference->run(inputs);
    ContextOptions noDiskCache;
    noDiskCache.cacheDirectory = "";
    context = std::make_unique<Context>(device, noDiskCache);
    program = context->programs().build(name, model.source,
                                        codegen::opencl::kOpenclBuildOptions);
    broken = context->programs().build(name + "_subtracting", subtracting,
                                       codegen::opencl::kOpenclBuildOptions);
  }

  /// The largest |got - want| over the results, relative to the largest
  /// |want| (+1).
  double error(const std::vector<Tensor> &got) {
    double worst = 0;
    for (size_t r = 0; r < model.plan.results.size(); ++r) {
      std::vector<double> g = got.at(r).toDoubles(),
                          w = want.at(model.plan.results[r].name).toDoubles();
      EXPECT_EQ(g.size(), w.size());
      double scale = 1, diff = 0;
      for (size_t i = 0; i < g.size() && i < w.size(); ++i) {
        scale = std::max(scale, std::fabs(w[i]) + 1);
        diff = std::max(diff, std::isnan(g[i]) ? INFINITY : std::fabs(g[i] - w[i]));
      }
      worst = std::max(worst, diff / scale);
    }
    return worst;
  }

  /// Runs both programs on `path`'s schedule: the right one matches the
  /// reference; the subtracting one fails only where the kernel runs.
  void check(Path path) {
    PlanExecutorOptions options;
    // One compute unit: the group kernel from 192 channels
    // (TargetInfo::groupKernelPerUnit); 10^6: the look-back below 192
    // million.
    options.parallelism = path == Path::Lookback ? 1000000 : 1;
    double right = error(executeOnOpencl(*context, model.plan, program, args,
                                         options));
    EXPECT_LE(right, 1e-4);
    double wrong = error(executeOnOpencl(*context, model.plan, broken, args,
                                         options));
    if (path == Path::GroupKernel)
      EXPECT_GT(wrong, 1e-2) << "the group kernel did not run";
    else
      EXPECT_LE(wrong, 1e-4) << "the group kernel ran";
  }

  EmittedModel model;
  std::vector<int64_t> dims;
  std::vector<Tensor> args;
  std::map<std::string, Tensor> want;
  std::unique_ptr<Context> context;
  std::shared_ptr<const Program> program, broken;
};

TEST_F(OpenclGroupKernelTest, SumOverTheLastDim) {
  // 40 groups of 16 lanes: work-groups of 16 groups, the last of 8.
  for (int64_t steps : {1, 16, 45}) {
    SCOPED_TRACE("T = " + std::to_string(steps));
    ASSERT_NO_FATAL_FAILURE(prepare("examples/selective_scan.sl",
                                    "selective_scan",
                                    {{"B", 2}, {"T", steps}, {"D", 20}, {"N", 16}}));
    check(Path::GroupKernel);
  }
}

TEST_F(OpenclGroupKernelTest, SumOverAMiddleDim) {
  // GLA: 48 groups (b, h, v) of 12 lanes over K, 21 groups a work-group.
  ASSERT_NO_FATAL_FAILURE(prepare(
      "examples/gla.sl", "gla",
      {{"B", 2}, {"T", 37}, {"H", 3}, {"K", 12}, {"V", 8}}));
  check(Path::GroupKernel);
}

TEST_F(OpenclGroupKernelTest, MeanOfAReversedScan) {
  ASSERT_NO_FATAL_FAILURE(prepare("tests/opencl/Inputs/group_sums.sl",
                                  "middle_mean",
                                  {{"B", 3}, {"T", 33}, {"K", 5}, {"V", 40}}));
  check(Path::GroupKernel);
}

TEST_F(OpenclGroupKernelTest, DoubleSums) {
  // 3 groups of 200 lanes, one a work-group; blocks of 8 steps in f64.
  ASSERT_NO_FATAL_FAILURE(prepare("tests/opencl/Inputs/group_sums.sl",
                                  "last_sum_f64",
                                  {{"B", 3}, {"T", 20}, {"K", 200}}));
  check(Path::GroupKernel);
}

TEST_F(OpenclGroupKernelTest, ConditionalTermsStageTheirOperands) {
  ASSERT_NO_FATAL_FAILURE(prepare("tests/opencl/Inputs/group_sums.sl",
                                  "gated_sum",
                                  {{"B", 2}, {"T", 37}, {"D", 12}, {"N", 16}}));
  check(Path::GroupKernel);
}

TEST_F(OpenclGroupKernelTest, LargeGroupsAndFewChannelsKeepTheScanApart) {
  {
    SCOPED_TRACE("a group larger than a work-group: the step's fallback");
    ASSERT_NO_FATAL_FAILURE(prepare(
        "examples/selective_scan.sl", "selective_scan",
        {{"B", 1},
         {"T", 20},
         {"D", 2},
         {"N", kGroupKernelItems + 44}}));
    check(Path::Fallback);
  }
  {
    SCOPED_TRACE("few channels: the look-back");
    ASSERT_NO_FATAL_FAILURE(prepare("examples/selective_scan.sl",
                                    "selective_scan",
                                    {{"B", 1}, {"T", 300}, {"D", 2}, {"N", 3}}));
    check(Path::Lookback);
  }
}

} // namespace
