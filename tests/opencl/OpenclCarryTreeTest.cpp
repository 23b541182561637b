//===- OpenclCarryTreeTest.cpp - The look-back's carries as a tree --------===//
//
// The OpenCL look-back's carry tree (codegen/cpu/ScanCarryTree.h, run by
// the plan executor, runtime/opencl/CarryTree.h): the choice of levels and
// fanout; the OpenCL plan has the tree's kernels and the CPU plan does not;
// examples/ema.sl over 3907 blocks through a tree of 3 levels of fanout 3
// matches a float64 loop and the serial carries; and an infinite state
// stays infinite through nodes whose composed coefficient underflowed to 0
// (the tree walks their children, down to the steps, like the loop), also
// where such a node's composed forcing is NaN (0 * inf).
// Skipped without an OpenCL device (the choice tests run anyway).
//
//===----------------------------------------------------------------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/opencl/OpenclEmitter.h"
#include "driver/Compilation.h"
#include "runtime/opencl/CarryTree.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cmath>
#include <limits>
#include <map>
#include <random>

using namespace sluice;
using sluice::runtime::Tensor;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// The serial steps of a shape (CarryTree.h's cost), for the checks.
int64_t serialSteps(int64_t blocks, CarryTreeShape shape) {
  if (shape.levels == 0)
    return blocks;
  int64_t top = blocks;
  for (int l = 0; l < shape.levels; ++l)
    top = carryTreeParents(top, shape.fanout);
  return shape.levels * 2 * shape.fanout + top;
}

TEST(CarryTreeChoice, FewBlocksWalkSerially) {
  for (int64_t blocks : {0, 1, 2, 16, 64})
    EXPECT_EQ(chooseCarryTree(blocks, 3, 0).levels, 0) << blocks;
  EXPECT_EQ(chooseCarryTree(1 << 20, 0, 0).levels, 0); // no tree kernels
  EXPECT_EQ(chooseCarryTree(1 << 20, 3, 1).levels, 0); // forced off
}

TEST(CarryTreeChoice, ManyBlocksGetAShortChain) {
  // One channel of 2^28 steps in blocks of 256; up to 2^31 steps.
  for (int64_t blocks : {int64_t(391), int64_t(3907), int64_t(1) << 20,
                         int64_t(1) << 23}) {
    CarryTreeShape shape = chooseCarryTree(blocks, 3, 0);
    EXPECT_GE(shape.levels, 1) << blocks;
    EXPECT_GE(shape.fanout, 2) << blocks;
    EXPECT_LE(serialSteps(blocks, shape), 1024) << blocks;
  }
  CarryTreeShape big = chooseCarryTree(int64_t(1) << 20, 3, 0);
  EXPECT_EQ(big.levels, 3);
  EXPECT_LE(serialSteps(int64_t(1) << 20, big), 256);
}

TEST(CarryTreeChoice, ForcedFanoutTakesTheFewestLevels) {
  // 17 blocks -> 5 -> 2 nodes with G = 4: two levels.
  CarryTreeShape shape = chooseCarryTree(17, 3, 4);
  EXPECT_EQ(shape.levels, 2);
  EXPECT_EQ(shape.fanout, 4);
  EXPECT_EQ(chooseCarryTree(16, 3, 4).levels, 1); // 16 -> 4
  EXPECT_EQ(chooseCarryTree(4, 3, 4).levels, 1);
  // Capped at the plan's levels: 3907 -> 1303 -> 435 -> 145.
  EXPECT_EQ(chooseCarryTree(3907, 3, 3).levels, 3);
  EXPECT_EQ(chooseCarryTree(1, 3, 3).levels, 0);
  // A fanout past the blocks is one node of them all (the fanout is a dim
  // of the kernels, 32 bits in a narrow-index build).
  CarryTreeShape huge = chooseCarryTree(10, 3, int64_t(1) << 40);
  EXPECT_EQ(huge.levels, 1);
  EXPECT_EQ(huge.fanout, 10);
}

/// The Lookback step of the first model of `file` planned for `target`.
runtime::Step lookbackOf(const std::string &file,
                         const codegen::TargetInfo &target) {
  driver::CompileOptions options;
  options.file = std::string(SLUICE_SOURCE_DIR) + "/" + file;
  driver::Compilation compilation(options);
  compilation.runTo("recognized");
  codegen::cpu::CpuOptions cpu;
  cpu.target = target;
  for (mlir::func::FuncOp func :
       compilation.module().getOps<mlir::func::FuncOp>()) {
    codegen::cpu::CpuProgram program = codegen::cpu::buildCpuProgram(func, cpu);
    for (const runtime::Step &step : program.plan.steps)
      if (step.kind == runtime::Step::Kind::Lookback)
        return step;
  }
  ADD_FAILURE() << file << " has no Lookback step";
  return {};
}

TEST(CarryTreePlan, OpenclHasTheTreeTheCpuDoesNot) {
  runtime::Step opencl =
      lookbackOf("examples/ema.sl", codegen::TargetInfo::opencl());
  EXPECT_EQ(opencl.body.size(),
            3 + 3 * size_t(codegen::TargetInfo::opencl().carryTreeLevels));
  EXPECT_GE(opencl.counter, 0);
  runtime::Step cpu = lookbackOf("examples/ema.sl", codegen::TargetInfo::cpu());
  EXPECT_EQ(cpu.body.size(), 3u);
  EXPECT_EQ(cpu.counter, -1);
}

class OpenclCarryTreeTest : public OpenclTest {
protected:
  /// examples/ema.sl with B = 1, T = 1000003, D = 2 (3907 blocks of 256
  /// steps per channel), alpha and x uniform in [0.05, 0.95].
  void prepare() {
    for (EmittedModel &m : emitModels("examples/ema.sl"))
      if (m.plan.model == "ema")
        model = std::move(m);
    ASSERT_EQ(model.plan.model, "ema");
    std::mt19937 random(5);
    std::uniform_real_distribution<double> uniform(0.05, 0.95);
    x = Tensor(runtime::DType::F32, {1, T, D});
    alpha = Tensor(runtime::DType::F32, {D});
    for (int64_t i = 0; i < x.numElements(); ++i)
      x.setDouble(i, uniform(random));
    for (int64_t i = 0; i < D; ++i)
      alpha.setDouble(i, uniform(random));
    ContextOptions noDiskCache;
    noDiskCache.cacheDirectory = "";
    context = std::make_unique<Context>(device, noDiskCache);
    program = context->programs().build("ema", model.source,
                                        codegen::opencl::kOpenclBuildOptions);
  }

  /// ema on the device with the carry tree's fanout `fanout` (1: serial).
  std::vector<double> run(int64_t fanout) {
    return runOn(model.plan, program, {x, alpha}, fanout);
  }
  /// `plan`'s first result on the device with fanout `fanout`, as the
  /// look-back (one compute unit for the guards).
  std::vector<double> runOn(const runtime::Plan &plan,
                            const std::shared_ptr<const Program> &built,
                            const std::vector<Tensor> &args, int64_t fanout) {
    PlanExecutorOptions options;
    options.parallelism = 1;
    options.carryFanout = fanout;
    options.lookback = LookbackMode::ThreePass;
    std::vector<Tensor> out =
        executeOnOpencl(*context, plan, built, args, options);
    EXPECT_GE(out.size(), 1u);
    return out.at(0).toDoubles();
  }

  /// The float64 loop: m[t] = (1 - alpha) m[t-1] + alpha x[t] from 0.
  std::vector<double> loop() {
    std::vector<double> m(T * D), xs = x.toDoubles(), as = alpha.toDoubles();
    for (int64_t d = 0; d < D; ++d) {
      double state = 0;
      for (int64_t t = 0; t < T; ++t) {
        state = (1 - as[d]) * state + as[d] * xs[t * D + d];
        m[t * D + d] = state;
      }
    }
    return m;
  }

  static constexpr int64_t T = 1000003, D = 2;
  EmittedModel model;
  Tensor x, alpha;
  std::unique_ptr<Context> context;
  std::shared_ptr<const Program> program;
};

/// Expects `got` within 1e-4 (relative to the largest magnitude + 1) of
/// `want`, infinities equal and NaN nowhere.
void expectClose(const std::vector<double> &got, const std::vector<double> &want,
                 const char *what) {
  ASSERT_EQ(got.size(), want.size());
  double largest = 0;
  for (double w : want)
    if (std::isfinite(w))
      largest = std::max(largest, std::fabs(w));
  int failures = 0;
  for (size_t i = 0; i < got.size() && failures < 5; ++i) {
    bool same = std::isinf(want[i]) ? got[i] == want[i]
                                    : std::fabs(got[i] - want[i]) <=
                                          1e-4 * (largest + 1);
    if (!same) {
      ++failures;
      ADD_FAILURE() << what << ": element " << i << " is " << got[i]
                    << ", expected " << want[i];
    }
  }
}

TEST_F(OpenclCarryTreeTest, TreeMatchesTheLoopAndTheSerialCarries) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  std::vector<double> want = loop();
  std::vector<double> serial = run(1);
  expectClose(serial, want, "serial carries");
  for (int64_t fanout : {0, 2, 3, 64, 5000}) // 0: the automatic choice
    expectClose(run(fanout), want,
                ("fanout " + std::to_string(fanout)).c_str());
}

TEST_F(OpenclCarryTreeTest, InfiniteStateStaysInfinite) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  // Channel 0: x[0] = inf and alpha = 0.1, so the state is inf from step
  // 0 on, and a node of 9 blocks has the coefficient 0.9^2304, 0 in f32:
  // through the node's map, inf * 0 would be NaN.
  x.setDouble(0, std::numeric_limits<double>::infinity());
  alpha.setDouble(0, 0.1);
  std::vector<double> want = loop();
  ASSERT_TRUE(std::isinf(want[(T - 1) * D]));
  expectClose(run(1), want, "serial carries");
  expectClose(run(3), want, "fanout 3");
  expectClose(run(0), want, "automatic fanout");
}

TEST_F(OpenclCarryTreeTest, InfinityInsideANodeStaysInfinite) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  // Channel 0: x is inf at a step in the middle and alpha = 0.1, so the
  // state before it is finite. A node whose earlier children hold the
  // infinity in their forcing and whose later ones have the coefficient
  // 0.9^2304, 0 in f32, composes a NaN forcing (0 * inf): the carry
  // through it, from a finite state, must walk its children instead.
  x.setDouble((T / 2) * D, std::numeric_limits<double>::infinity());
  alpha.setDouble(0, 0.1);
  std::vector<double> want = loop();
  ASSERT_TRUE(std::isfinite(want[(T / 2 - 1) * D]));
  ASSERT_TRUE(std::isinf(want[(T - 1) * D]));
  expectClose(run(1), want, "serial carries");
  expectClose(run(3), want, "fanout 3");
  expectClose(run(0), want, "automatic fanout");
}

TEST_F(OpenclCarryTreeTest, ResetAfterInfinityThroughAbsorbingZero) {
  ASSERT_NO_FATAL_FAILURE(prepare());
  // h[t] = done[t] ? x[t] : 0.99 h[t-1] + x[t] (an absorbing zero): x[100]
  // is inf, so h is inf until the reset at step 500000, finite after. With
  // G = 10, a level-3 node spans 1000 blocks and its children's products
  // 0.99^25600 are 0 in f32: composing the infinite forcing run through
  // them with the absorbing zero would give a finite f (0 * inf = 0), and
  // the carries between steps 256000 and 500000 would be finite.
  EmittedModel reset = std::move(
      emitModels("tests/opencl/Inputs/reset_after_inf.sl").at(0));
  std::vector<double> xs(T, 0.5), done(T, 0.0);
  xs[100] = std::numeric_limits<double>::infinity();
  done[500000] = 1;
  std::map<std::string, Tensor> byName;
  for (const auto &[name, values] :
       {std::pair{"x", &xs}, std::pair{"done", &done}}) {
    Tensor tensor(runtime::DType::F32, {1, T, 1});
    for (int64_t i = 0; i < T; ++i)
      tensor.setDouble(i, (*values)[i]);
    byName[name] = tensor;
  }
  std::vector<Tensor> args;
  for (const runtime::ValueSpec &arg : reset.plan.arguments)
    args.push_back(byName.at(arg.name));
  std::vector<double> want(T);
  double state = 0;
  for (int64_t t = 0; t < T; ++t) {
    state = done[t] > 0.5 ? xs[t] : 0.99 * state + xs[t];
    want[t] = state;
  }
  ASSERT_TRUE(std::isinf(want[499999]));
  ASSERT_TRUE(std::isfinite(want[500000]));
  auto built = context->programs().build("reset_after_inf", reset.source,
                                         codegen::opencl::kOpenclBuildOptions);
  expectClose(runOn(reset.plan, built, args, 1), want, "serial carries");
  expectClose(runOn(reset.plan, built, args, 10), want, "fanout 10");
}

} // namespace
