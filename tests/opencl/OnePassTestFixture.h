//===- OnePassTestFixture.h - Runs ema's look-back in every mode -*- C++ -*-===//
//
// The fixture of the one-pass look-back tests (OpenclOnePassTest.cpp,
// OpenclRowsOnePassTest.cpp): examples/ema.sl printed for OpenCL, its
// inputs, a context without the disk cache, and runs in a chosen mode and
// chunk; expectClose / expectIdentical compare results.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_OPENCL_ONEPASSTESTFIXTURE_H
#define SLUICE_TESTS_OPENCL_ONEPASSTESTFIXTURE_H

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include <cmath>
#include <random>
#include <regex>

namespace sluice::runtime::opencl::testing {

class OpenclOnePassTest : public OpenclTest {
protected:
  /// examples/ema.sl with B = 1, T = 200000, D = 2 (unless given): two
  /// channels, so the look-back schedule (one compute unit for the guards),
  /// in 782 blocks of the OpenCL target's 256 steps, one tile each. Another
  /// model `name` of dims B, T, D from `file` (relative to the source
  /// tree) where given.
  void prepare(int64_t batch = 1, int64_t steps = 200000, int64_t width = 2,
               const std::string &file = "examples/ema.sl",
               const std::string &name = "ema") {
    model = EmittedModel();
    for (EmittedModel &m : emitModels(file))
      if (m.plan.model == name)
        model = std::move(m);
    ASSERT_EQ(model.plan.model, name);
    for (const runtime::Step &step : model.plan.steps)
      if (step.kind == runtime::Step::Kind::Lookback) {
        aggregateName = step.body.at(0).name;
        onePassName = onePassKernelName(aggregateName);
      }
    ASSERT_FALSE(onePassName.empty()) << name << " has no Lookback step";
    ASSERT_NE(model.source.find("__kernel void " + onePassName + "("),
              std::string::npos);
    dims.clear();
    args.clear();
    for (const std::string &name : model.plan.dimNames)
      dims.push_back(name == "T" ? steps : name == "B" ? batch : width);
    std::mt19937 random(11);
    std::uniform_real_distribution<double> uniform(0.05, 0.95);
    for (const runtime::ValueSpec &arg : model.plan.arguments) {
      std::vector<int64_t> shape;
      for (size_t i = 0; i < arg.dims.size(); ++i)
        shape.push_back(arg.dims[i] >= 0 ? dims[arg.dims[i]] : arg.literal[i]);
      Tensor tensor(arg.dtype, shape);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, uniform(random));
      args.push_back(tensor);
    }
    ContextOptions noDiskCache;
    noDiskCache.cacheDirectory = "";
    context = std::make_unique<Context>(device, noDiskCache);
  }

  /// The walk's part steps of the prepared model's Lookback step (its
  /// plan's walkPartSteps, or the runtime's default).
  int64_t planWalkPartSteps() const {
    int64_t steps = 0;
    for (const runtime::Step &step : model.plan.steps)
      if (step.kind == runtime::Step::Kind::Lookback)
        steps = walkPartSteps(step);
    return steps;
  }

  std::shared_ptr<const Program> build(const std::string &name,
                                       const std::string &source,
                                       const std::string &extraOptions = "") {
    return context->programs().build(
        name, source,
        std::string(codegen::opencl::kOpenclBuildOptions) + extraOptions);
  }

  std::vector<Tensor> run(const std::shared_ptr<const Program> &program,
                          LookbackMode mode) {
    PlanExecutorOptions options;
    options.lookback = mode;
    return run(program, options);
  }

  /// The build option that keeps the register-tile kernel in a program.
  static std::string tileOption() {
    return std::string(" -D") + kOnePassTileMacro;
  }

  /// The build option that keeps the flag-word kernel in a program.
  static std::string wordsOption() {
    return std::string(" -D") + kOnePassWordsMacro;
  }

  /// The build option that keeps the channel-group walk in a program.
  static std::string walkOption() { return std::string(" -D") + kWalkMacro; }

  /// Options that run the look-back in `mode` with `chunk` steps per block
  /// (the one pass runs its register tile at kOnePassTileSteps).
  PlanExecutorOptions at(LookbackMode mode, int64_t chunk) {
    PlanExecutorOptions options;
    options.lookback = mode;
    options.lookbackSchedules[aggregateName] = LookbackSchedule{chunk, 0, mode};
    return options;
  }

  /// Runs with `options`; its parallelism, when 0, becomes 1000 (the
  /// look-back schedule up to 128000 channels).
  std::vector<Tensor> run(const std::shared_ptr<const Program> &program,
                          PlanExecutorOptions options) {
    if (options.parallelism == 0)
      options.parallelism = 1000;
    return executeOnOpencl(*context, model.plan, program, args, options);
  }

  /// Leaves a buffer of every temporary's size in the context's pool, every
  /// byte 0xff (NaN), so that the next call's aggregates and carries start
  /// as NaN rather than as a previous call's values: a tile that read a
  /// carry before it was written would then show.
  void poisonPool() {
    std::vector<Buffer> poisoned;
    for (const runtime::BufferSpec &spec : model.plan.buffers) {
      if (spec.kind != runtime::BufferSpec::Kind::Temporary)
        continue;
      int64_t elements = 1;
      for (const runtime::SizeExpr &size : spec.shape)
        elements *= size.evaluate(dims);
      auto bytes =
          static_cast<size_t>(elements) * runtime::dtypeSize(spec.dtype);
      Buffer buffer = context->buffers().allocate(bytes, "a poisoned buffer");
      cl_uchar pattern = 0xff;
      ASSERT_EQ(clEnqueueFillBuffer(context->queue(), buffer.handle(), &pattern,
                                    1, 0, buffer.bytes(), 0, nullptr, nullptr),
                CL_SUCCESS);
      poisoned.push_back(std::move(buffer));
    }
    ASSERT_EQ(clFinish(context->queue()), CL_SUCCESS);
  }

  EmittedModel model;
  std::vector<int64_t> dims; ///< the model's dims, in the plan's order
  std::string aggregateName, onePassName;
  std::vector<Tensor> args;
  std::unique_ptr<Context> context;
};

/// `source` with kernel `kernel`'s first store of a block's carry out taken
/// out
/// (the only store into a volatile buffer there: no block's carry is
/// written, so its results are wrong wherever the walk runs, unless the
/// plan's carries already hold the right values from a run at the same
/// chunk); false when the store is not there.
inline bool withoutCarryStore(std::string &source, const std::string &name) {
  size_t kernel = source.find("__kernel void " + name + "(");
  if (kernel == std::string::npos)
    return false;
  size_t end = source.find("\n}\n", kernel);
  std::string text = source.substr(kernel, end - kernel);
  std::smatch store;
  for (auto it = text.cbegin();
       std::regex_search(it, text.cend(), store,
                         std::regex(R"((u[0-9]+)\[v[0-9]+\] = (v[0-9]+);)"));
       it = store[0].second) {
    if (text.find("volatile float *" + store[1].str() + ",") ==
        std::string::npos)
      continue;
    size_t at = kernel + (store[0].first - text.cbegin());
    source.replace(at, store.length(0), "(void)" + store[2].str() + ";");
    return true;
  }
  return false;
}

/// The largest difference between the first results of `got` and `want`
/// (infinite where `got` is NaN).
inline double worstDifference(const std::vector<Tensor> &got,
                              const std::vector<Tensor> &want) {
  std::vector<double> g = got.at(0).toDoubles(), w = want.at(0).toDoubles();
  double worst = g.size() == w.size() ? 0 : INFINITY;
  for (size_t i = 0; i < g.size() && i < w.size(); ++i)
    worst =
        std::isnan(g[i]) ? INFINITY : std::max(worst, std::abs(g[i] - w[i]));
  return worst;
}

/// Expects the same values within `tolerance` relative to their size (a
/// register tile of several parts composes a block's aggregate from its
/// parts', which rounds otherwise than the aggregate kernel's walk).
inline void expectClose(const std::vector<Tensor> &got,
                 const std::vector<Tensor> &want, double tolerance) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t r = 0; r < got.size(); ++r) {
    std::vector<double> g = got[r].toDoubles(), w = want[r].toDoubles();
    ASSERT_EQ(g.size(), w.size());
    int failures = 0;
    for (size_t i = 0; i < g.size() && failures < 5; ++i)
      if (!(std::abs(g[i] - w[i]) <= tolerance * (1 + std::abs(w[i])))) {
        ++failures;
        ADD_FAILURE() << "result " << r << " element " << i << ": one pass "
                      << g[i] << ", three passes " << w[i];
      }
  }
}

/// Expects the same values, bit for bit (each work item runs the same
/// aggregate, carry and apply bodies in both schedules).
inline void expectIdentical(const std::vector<Tensor> &got,
                     const std::vector<Tensor> &want) {
  expectClose(got, want, 0.0);
}

} // namespace sluice::runtime::opencl::testing

#endif // SLUICE_TESTS_OPENCL_ONEPASSTESTFIXTURE_H
