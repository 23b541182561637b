//===- OpenclEmitRunTest.cpp - Printed models against the reference -------===//
//
// Whole models printed as OpenCL C, run on the test device by a tiny
// launcher of this test (Kernel, Lookback and Loop steps per
// runtime/opencl/KernelAbi.h) and by the plan executor (runtime/opencl),
// and compared with the float64 reference evaluator on the same inputs:
// element-wise models with where/select, f16 / bf16 / f64 buffers, the
// channel-parallel and the look-back linear scan, a max-plus scan, a scan
// that stays a loop. Skipped without an OpenCL device.
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "sluice/sluice.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// One model run: the file, the model, its dims (T = 45 and 4 for those not
/// given), which select the scan schedule (one thread or compute unit for
/// the per-thread guards), and the test's name.
struct RunCase {
  std::string file;
  std::string model;
  std::map<std::string, int64_t> dims;
  std::string label;
  /// Also run it through the plan executor.
  bool executor = true;
};

/// Runs a plan's steps on one device with the ABI's launches.
class Launcher {
public:
  Launcher(Context &context, const EmittedModel &model,
           std::shared_ptr<const Program> program, std::vector<int64_t> dims)
      : context(context), plan(model.plan), privateBytes(model.privateBytes),
        program(std::move(program)), dims(std::move(dims)),
        buffers(plan.buffers.size()) {
    this->dims.resize(plan.dimNames.size() + plan.numCounters, 0);
  }

  /// The device buffer of plan buffer `index` (allocated on first use).
  Buffer &buffer(int32_t index) {
    if (!buffers[index]) {
      const runtime::BufferSpec &spec = plan.buffers[index];
      int64_t elements = 1;
      for (const runtime::SizeExpr &size : spec.shape)
        elements *= size.evaluate(dims);
      size_t bytes =
          std::max<int64_t>(1, elements) * runtime::dtypeSize(spec.dtype);
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
        if (step.groupLanes.constant != 0) {
          launchGroups(step, range);
          break;
        }
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
  /// A group kernel (KernelAbi.h): perGroup = kGroupKernelItems / lanes
  /// groups a work-group (or the step's body where a group is larger).
  void launchGroups(const runtime::Step &step, int64_t groups) {
    int64_t lanes = step.groupLanes.evaluate(dims);
    if (lanes > kGroupKernelItems)
      return run(step.body);
    if (groups <= 0)
      return;
    auto &kernel = kernels[step.name];
    if (!kernel)
      kernel = std::make_unique<Kernel>(program, step.name);
    int64_t perGroup = std::min(kGroupKernelItems / lanes, groups);
    std::vector<KernelArg> args;
    for (int32_t index : step.buffers)
      args.push_back(KernelArg::ofBuffer(buffer(index).handle()));
    for (int64_t value : dims)
      args.push_back(KernelArg::ofInt64(value));
    for (int64_t value : {groups, lanes, perGroup})
      args.push_back(KernelArg::ofInt64(value));
    auto local = static_cast<size_t>(lanes * perGroup);
    size_t global = static_cast<size_t>((groups + perGroup - 1) / perGroup) *
                    local;
    kernel->launch(context.queue(), args, {global}, {local});
  }

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
    // Work-groups of 64 work-items (8 for smaller counts); a kernel with
    // large private arrays declares its own, smaller work-group size
    // (reqd_work_group_size: PoCL keeps a work-group's private memory on one
    // thread's stack, codegen/opencl/OpenclEmitter.h).
    size_t local =
        std::min<size_t>(64, (static_cast<size_t>(count) + 7) / 8 * 8);
    size_t required = kernel->limits(context.device().device).requiredWorkGroupSize;
    auto found = privateBytes.find(step.name);
    if (found != privateBytes.end() && found->second * 128 > (int64_t(1) << 20))
      EXPECT_GT(required, 0u) << step.name << " has " << found->second
                              << " bytes of private arrays";
    if (required > 0)
      local = required;
    size_t global = (static_cast<size_t>(count) + local - 1) / local * local;
    kernel->launch(context.queue(), args, {global}, {local});
  }

  Context &context;
  const runtime::Plan &plan;
  const std::map<std::string, int64_t> &privateBytes;
  std::shared_ptr<const Program> program;
  std::vector<int64_t> dims;
  std::vector<Buffer> buffers;
  std::map<std::string, std::unique_ptr<Kernel>> kernels;
};

/// Names a case by its label in gtest's messages.
void PrintTo(const RunCase &c, std::ostream *os) { *os << c.label; }

/// Expects `got` within the tolerance of `want` (the reference's result):
/// max |got - want| <= tolerance * max |want| over finite values,
/// infinities exact, NaN where the reference has NaN.
void expectClose(const Tensor &got, const Tensor &want, runtime::DType dtype) {
  ASSERT_EQ(got.shape(), want.shape());
  std::vector<double> g = got.toDoubles(), w = want.toDoubles();
  double scale = 1e-30;
  for (double v : w)
    if (std::isfinite(v))
      scale = std::max(scale, std::fabs(v));
  // f16 / bf16 results are rounded to their type on both sides; allow one
  // unit of the type where the f32 and f64 computations round apart.
  double tolerance = dtype == runtime::DType::F16    ? 1e-3
                     : dtype == runtime::DType::BF16 ? 8e-3
                                                     : 1e-4;
  int failures = 0;
  for (size_t i = 0; i < g.size() && failures < 5; ++i) {
    bool ok = std::isnan(w[i])   ? std::isnan(g[i])
              : std::isinf(w[i]) ? g[i] == w[i]
                                 : std::fabs(g[i] - w[i]) <= tolerance * scale;
    if (!ok) {
      ++failures;
      ADD_FAILURE() << "element " << i << ": got " << g[i] << ", want " << w[i];
    }
  }
}

class OpenclEmitRunTest : public OpenclTest,
                          public ::testing::WithParamInterface<RunCase> {
protected:
  /// Emits the case's model, binds its dims, makes random inputs and params
  /// (in (0.05, 0.95), so that every formula is in its domain), runs the
  /// reference on them and builds the program.
  void prepare() {
    const RunCase &c = GetParam();
    for (EmittedModel &m : emitModels(c.file))
      if (m.plan.model == c.model)
        model = std::move(m);
    ASSERT_EQ(model.plan.model, c.model);
    const runtime::Plan &plan = model.plan;
    for (const std::string &name : plan.dimNames) {
      auto size = c.dims.find(name);
      dims.push_back(size != c.dims.end() ? size->second
                     : name == "T"        ? 45
                                          : 4);
    }
    std::mt19937 random(7);
    std::uniform_real_distribution<double> uniform(0.05, 0.95);
    std::map<std::string, Tensor> inputs, params;
    for (const runtime::ValueSpec &arg : plan.arguments) {
      std::vector<int64_t> shape;
      for (size_t i = 0; i < arg.dims.size(); ++i)
        shape.push_back(arg.dims[i] >= 0 ? dims[arg.dims[i]] : arg.literal[i]);
      Tensor tensor(arg.dtype, shape);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, uniform(random));
      (arg.isParam ? params : inputs)[arg.name] = tensor;
      args.push_back(tensor);
    }
    sluice::CompileOptions options;
    options.target = sluice::Target::Reference;
    options.model = c.model;
    auto reference = sluice::compileFile(
        std::string(SLUICE_SOURCE_DIR) + "/" + c.file, options);
    for (const auto &[name, tensor] : params)
      reference->setParam(name, tensor);
    want = reference->run(inputs);

    ContextOptions noDiskCache;
    noDiskCache.cacheDirectory = "";
    context = std::make_unique<Context>(device, noDiskCache);
    ASSERT_NO_THROW(
        program = context->programs().build(
            plan.model, model.source, codegen::opencl::kOpenclBuildOptions));
  }

  EmittedModel model;
  std::vector<int64_t> dims;
  std::vector<Tensor> args; ///< inputs then params, as plan.arguments
  std::map<std::string, Tensor> want;
  std::unique_ptr<Context> context;
  std::shared_ptr<const Program> program;
};

/// The printed kernels, launched per the ABI by this test's launcher (no
/// matrix products), then run by the OpenCL target's plan executor (matrix
/// products through CLBlast; one compute unit assumed for the guards).
TEST_P(OpenclEmitRunTest, MatchesReference) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  const runtime::Plan &plan = model.plan;
  bool hasMatmul = false;
  for (const runtime::Step &step : plan.steps)
    hasMatmul |= step.kind == runtime::Step::Kind::Matmul;
  if (!hasMatmul) {
    SCOPED_TRACE("this test's launcher");
    Launcher launcher(*context, model, program, dims);
    for (size_t i = 0; i < plan.arguments.size(); ++i) {
      Tensor contiguous = args[i].clone();
      context->upload(
          launcher.buffer(plan.arguments[i].buffer), contiguous.data(),
          contiguous.numElements() * runtime::dtypeSize(contiguous.dtype()));
    }
    launcher.run(plan.steps);
    for (const runtime::ValueSpec &result : plan.results) {
      SCOPED_TRACE("output " + result.name);
      ASSERT_TRUE(want.count(result.name));
      const Tensor &expected = want.at(result.name);
      Tensor got(result.dtype, expected.shape());
      context->download(launcher.buffer(result.buffer), got.data(),
                        got.numElements() * runtime::dtypeSize(got.dtype()));
      expectClose(got, expected, result.dtype);
    }
  }

  if (!GetParam().executor)
    return;
  SCOPED_TRACE("the plan executor");
  PlanExecutorOptions options;
  options.parallelism = 1;
  std::vector<Tensor> results =
      executeOnOpencl(*context, plan, program, args, options);
  ASSERT_EQ(results.size(), plan.results.size());
  for (size_t r = 0; r < results.size(); ++r) {
    SCOPED_TRACE("output " + plan.results[r].name);
    ASSERT_TRUE(want.count(plan.results[r].name));
    expectClose(results[r], want.at(plan.results[r].name),
                plan.results[r].dtype);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, OpenclEmitRunTest,
    ::testing::Values(
        RunCase{"examples/ema.sl",
                "ema",
                {{"B", 4}, {"T", 50}, {"D", 40}},
                "ema_channel_parallel"},
        RunCase{"examples/ema.sl",
                "ema",
                {{"B", 1}, {"T", 70000}, {"D", 3}},
                "ema_lookback"},
        RunCase{"examples/maxplus.sl",
                "maxplus",
                {{"B", 2}, {"T", 300}, {"D", 70}},
                "maxplus_channel_parallel"},
        RunCase{"examples/maxplus.sl",
                "maxplus",
                {{"B", 1}, {"T", 40000}, {"D", 2}},
                "maxplus_lookback"},
        // Channel-parallel walks in staged blocks (TargetInfo::
        // stagedWalkSteps): >= 128 channels, T past several blocks.
        RunCase{"tests/opencl/Inputs/staged_walks.sl",
                "reverse_f64",
                {{"B", 4}, {"T", 45}, {"D", 40}},
                "staged_reverse_f64"},
        RunCase{"tests/opencl/Inputs/staged_walks.sl",
                "exclusive_sum",
                {{"B", 3}, {"T", 37}, {"D", 50}},
                "staged_exclusive"},
        RunCase{"examples/linoss_im_2state.sl",
                "linoss_im_2state",
                {{"B", 3}, {"T", 37}, {"P", 50}},
                "staged_two_states"},
        RunCase{"tests/Run/where.sl", "m", {{"T", 1000}}, "where"},
        RunCase{"tests/Codegen/opencl/gelu.sl", "g", {{"T", 1000}},
                "gelu_erfc_f64"},
        RunCase{"tests/Run/dtypes.sl", "half", {{"T", 1000}}, "f16"},
        RunCase{"tests/Run/dtypes.sl", "brain", {{"T", 1000}}, "bf16"},
        RunCase{"tests/Run/dtypes.sl", "dbl", {{"T", 1000}}, "f64"},
        // An sl.loop channel kernel with a 64 KiB private ring per
        // work-item, 300 of them: work-groups of 128 overflowed PoCL's
        // 8 MiB thread stack (a segfault); the kernel now declares
        // reqd_work_group_size(16), which both launchers honour.
        RunCase{"examples/holt_winters.sl",
                "holt_winters",
                {{"B", 300}, {"T", 45}},
                "holt_winters_private_ring"},
        RunCase{"tests/Run/squeeze-state.sl",
                "m",
                {{"B", 3}, {"T", 20}, {"D", 5}},
                "loop"}),
    [](const ::testing::TestParamInfo<RunCase> &info) {
      return info.param.label;
    });

/// Every model of examples/ and tests/Run/ with T = 45 and the other dims
/// 4 (the look-back scan, one block), when SLUICE_OPENCL_EMIT_ALL is set:
/// about 90 s with a cold PoCL cache, too long for every test run.
std::vector<RunCase> everyModel() {
  std::vector<RunCase> cases;
  if (!std::getenv("SLUICE_OPENCL_EMIT_ALL"))
    return cases;
  for (const std::string &file : modelFiles())
    for (const EmittedModel &model : emitModels(file)) {
      std::string label = file + "_" + model.plan.model;
      for (char &c : label)
        if (!std::isalnum(static_cast<unsigned char>(c)))
          c = '_';
      cases.push_back(RunCase{file, model.plan.model, {}, label});
    }
  return cases;
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OpenclEmitRunTest);
INSTANTIATE_TEST_SUITE_P(EveryModel, OpenclEmitRunTest,
                         ::testing::ValuesIn(everyModel()),
                         [](const ::testing::TestParamInfo<RunCase> &info) {
                           return info.param.label;
                         });

} // namespace
