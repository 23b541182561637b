//===- OpenclEmitRunTest.cpp - Printed models against the reference -------===//
//
// Whole models printed as OpenCL C, run on the test device by a tiny
// launcher of this test (Kernel, Lookback and Loop steps per
// runtime/opencl/KernelAbi.h; the real executor is runtime/opencl's), and
// compared with the float64 reference evaluator on the same random inputs:
// element-wise models with where/select, f16 / bf16 / f64 buffers, the
// channel-parallel and the look-back linear scan, a max-plus scan, a scan
// that stays a loop. Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/cpu/CpuExecutor.h"
#include "sluice/sluice.h"

#include <cmath>
#include <map>
#include <random>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// One model run: the file, the model, its dims, and the scan schedule the
/// dims select (threads = 1 for the per-thread guards).
struct RunCase {
  std::string file;
  std::string model;
  std::map<std::string, int64_t> dims;
  std::string label;
};

/// Runs a plan's steps on one device with the ABI's launches.
class Launcher {
public:
  Launcher(Context &context, const runtime::Plan &plan,
           std::shared_ptr<const Program> program, std::vector<int64_t> dims)
      : context(context), plan(plan), program(std::move(program)),
        dims(std::move(dims)), buffers(plan.buffers.size()) {
    this->dims.resize(plan.dimNames.size() + plan.numCounters, 0);
  }

  /// The device buffer of plan buffer `index` (allocated on first use).
  Buffer &buffer(int32_t index) {
    if (!buffers[index]) {
      const runtime::BufferSpec &spec = plan.buffers[index];
      int64_t elements = 1;
      for (const runtime::SizeExpr &size : spec.shape)
        elements *= size.evaluate(dims);
      size_t bytes = std::max<int64_t>(1, elements) * runtime::dtypeSize(spec.dtype);
      buffers[index] = context.buffers().allocate(bytes, spec.name);
    }
    return buffers[index];
  }

  void run(const std::vector<runtime::Step> &steps) {
    for (const runtime::Step &step : steps) {
      if (!runtime::stepSelected(step, dims, /*threads=*/1))
        continue;
      switch (step.kind) {
      case runtime::Step::Kind::Kernel: {
        int64_t range = step.range.evaluate(dims);
        if (step.sequential)
          launch(step, 0, 1, range, 1, 0);
        else
          launch(step, 0, range, 1, 1, 0);
        break;
      }
      case runtime::Step::Kind::Lookback: {
        int64_t blocks = step.range.evaluate(dims);
        int64_t items = step.blockItems.evaluate(dims);
        launch(step.body[0], 0, blocks * items, 1, 1, 0);
        launch(step.body[1], 0, items, 1, blocks, items);
        launch(step.body[2], 0, blocks * items, 1, 1, 0);
        break;
      }
      case runtime::Step::Kind::Loop: {
        int64_t trips = step.range.evaluate(dims);
        for (int64_t i = 0; i < trips; ++i) {
          dims[step.counter] = step.reverse ? trips - 1 - i : i;
          run(step.body);
        }
        break;
      }
      case runtime::Step::Kind::Matmul:
        throw std::runtime_error("this test's launcher runs no matmul");
      }
    }
  }

private:
  void launch(const runtime::Step &step, int64_t first, int64_t count,
              int64_t stride, int64_t repeats, int64_t repeatStride) {
    if (count <= 0 || stride <= 0 || repeats <= 0)
      return;
    auto &kernel = kernels[step.name];
    if (!kernel)
      kernel = std::make_unique<Kernel>(program, step.name);
    std::vector<KernelArg> args;
    for (int32_t index : step.buffers)
      args.push_back(KernelArg::ofBuffer(buffer(index).handle()));
    for (int64_t value : dims)
      args.push_back(KernelArg::ofInt64(value));
    for (int64_t value : {first, count, stride, repeats, repeatStride})
      args.push_back(KernelArg::ofInt64(value));
    size_t local = 64;
    size_t global = (static_cast<size_t>(count) + local - 1) / local * local;
    kernel->launch(context.queue(), args, {global}, {local});
  }

  Context &context;
  const runtime::Plan &plan;
  std::shared_ptr<const Program> program;
  std::vector<int64_t> dims;
  std::vector<Buffer> buffers;
  std::map<std::string, std::unique_ptr<Kernel>> kernels;
};

class OpenclEmitRunTest : public OpenclTest,
                          public ::testing::WithParamInterface<RunCase> {};

TEST_P(OpenclEmitRunTest, MatchesReference) {
  const RunCase &c = GetParam();
  std::vector<EmittedModel> models = emitModels(c.file);
  const EmittedModel *model = nullptr;
  for (const EmittedModel &m : models)
    if (m.plan.model == c.model)
      model = &m;
  ASSERT_NE(model, nullptr) << c.model;
  const runtime::Plan &plan = model->plan;

  std::vector<int64_t> dims;
  for (const std::string &name : plan.dimNames) {
    ASSERT_TRUE(c.dims.count(name)) << name;
    dims.push_back(c.dims.at(name));
  }

  // Random inputs and params, in (0.05, 0.95) so that every formula is in
  // its domain; the same values go to the reference.
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(0.05, 0.95);
  std::map<std::string, Tensor> inputs;
  std::map<std::string, Tensor> params;
  std::map<int32_t, Tensor> bound;
  for (const runtime::ValueSpec &arg : plan.arguments) {
    std::vector<int64_t> shape;
    for (size_t i = 0; i < arg.dims.size(); ++i)
      shape.push_back(arg.dims[i] >= 0 ? dims[arg.dims[i]] : arg.literal[i]);
    Tensor tensor(arg.dtype, shape);
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      tensor.setDouble(i, uniform(random));
    (arg.isParam ? params : inputs)[arg.name] = tensor;
    bound[arg.buffer] = tensor;
  }

  sluice::CompileOptions options;
  options.target = sluice::Target::Reference;
  options.model = c.model;
  auto reference =
      sluice::compileFile(std::string(SLUICE_SOURCE_DIR) + "/" + c.file, options);
  for (const auto &[name, tensor] : params)
    reference->setParam(name, tensor);
  std::map<std::string, Tensor> want = reference->run(inputs);

  ContextOptions noDiskCache;
  noDiskCache.cacheDirectory = "";
  Context context(device, noDiskCache);
  std::shared_ptr<const Program> program;
  ASSERT_NO_THROW(program = context.programs().build(
                      plan.model, model->source,
                      codegen::opencl::kOpenclBuildOptions));
  Launcher launcher(context, plan, program, dims);
  for (const auto &[index, tensor] : bound) {
    Tensor contiguous = tensor.clone();
    context.upload(launcher.buffer(index), contiguous.data(),
                   contiguous.numElements() *
                       runtime::dtypeSize(contiguous.dtype()));
  }
  launcher.run(plan.steps);

  for (const runtime::ValueSpec &result : plan.results) {
    SCOPED_TRACE("output " + result.name);
    ASSERT_TRUE(want.count(result.name));
    const Tensor &expected = want.at(result.name);
    Tensor got(result.dtype, expected.shape());
    context.download(launcher.buffer(result.buffer), got.data(),
                     got.numElements() * runtime::dtypeSize(got.dtype()));
    std::vector<double> g = got.toDoubles(), w = expected.toDoubles();
    double scale = 1e-30;
    for (double v : w)
      if (std::isfinite(v))
        scale = std::max(scale, std::fabs(v));
    // f16 / bf16 results are rounded to their type on both sides; allow one
    // unit of the type where the f32 and f64 computations round apart.
    double tolerance = result.dtype == runtime::DType::F16    ? 1e-3
                       : result.dtype == runtime::DType::BF16 ? 8e-3
                                                             : 1e-4;
    int failures = 0;
    for (size_t i = 0; i < g.size() && failures < 5; ++i) {
      bool ok = std::isnan(w[i]) ? std::isnan(g[i])
                : std::isinf(w[i]) ? g[i] == w[i]
                                   : std::fabs(g[i] - w[i]) <= tolerance * scale;
      if (!ok) {
        ++failures;
        ADD_FAILURE() << "element " << i << ": got " << g[i] << ", want "
                      << w[i];
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, OpenclEmitRunTest,
    ::testing::Values(
        RunCase{"examples/ema.sl", "ema", {{"B", 4}, {"T", 50}, {"D", 40}},
                "ema_channel_parallel"},
        RunCase{"examples/ema.sl", "ema", {{"B", 1}, {"T", 70000}, {"D", 3}},
                "ema_lookback"},
        RunCase{"examples/maxplus.sl", "maxplus",
                {{"B", 2}, {"T", 300}, {"D", 70}}, "maxplus_channel_parallel"},
        RunCase{"examples/maxplus.sl", "maxplus",
                {{"B", 1}, {"T", 40000}, {"D", 2}}, "maxplus_lookback"},
        RunCase{"tests/Run/where.sl", "m", {{"T", 1000}}, "where"},
        RunCase{"tests/Run/dtypes.sl", "half", {{"T", 1000}}, "f16"},
        RunCase{"tests/Run/dtypes.sl", "brain", {{"T", 1000}}, "bf16"},
        RunCase{"tests/Run/dtypes.sl", "dbl", {{"T", 1000}}, "f64"},
        RunCase{"tests/Run/squeeze-state.sl", "m",
                {{"B", 3}, {"T", 20}, {"D", 5}}, "loop"}),
    [](const ::testing::TestParamInfo<RunCase> &info) {
      return info.param.label;
    });

} // namespace
