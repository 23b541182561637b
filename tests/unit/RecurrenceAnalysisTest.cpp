//===- RecurrenceAnalysisTest.cpp - The recognition algebra ---------------===//
//
// Small hand-written loop bodies, classified in each semiring; coefficients
// are checked through `describe` (leaves print as `seq0`, `inv0`, ...).
//
//===----------------------------------------------------------------------===//

#include "passes/RecurrenceAnalysis.h"
#include "passes/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace sluice;

namespace {

class RecurrenceAnalysisTest : public ::testing::Test {
protected:
  RecurrenceAnalysisTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Parses a function whose first op of kind sl.loop is returned. `body`
  /// is the loop: its operands are `%x`, `%y` (tensor<4x?xf32> sequences),
  /// `%w` (tensor<4xf32>) and `%i` (a tensor<4xf32> init).
  sl::LoopOp parse(StringRef loop) {
    std::string source = (R"mlir(
      func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %w: tensor<4xf32>,
                   %W: tensor<4x4xf32>, %i: tensor<4xf32>, %T: index) {
    )mlir" + loop + R"mlir(
        return
      })mlir")
                             .str();
    module = parseSourceString<ModuleOp>(source, ParserConfig(&context));
    EXPECT_TRUE(module);
    sl::LoopOp result;
    module->walk([&](sl::LoopOp op) { result = op; });
    return result;
  }

  /// The coefficient of state `s` at `lag` in `update`, described.
  static std::string coef(const StateUpdate &update, unsigned s, unsigned lag) {
    for (auto &[key, c] : update.form.terms)
      if (key == StateLag{s, lag})
        return describe(c);
    return "<none>";
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  CoefBuilder coefs;
};

TEST_F(RecurrenceAnalysisTest, DiagonalTimeVarying) {
  // h[t] = x[t] * h[t-1] + y[t]
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x, %y : tensor<?x4xf32>, tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %h1: tensor<4xf32>):
      %m = arith.mulf %a, %h1 : tensor<4xf32>
      %n = arith.addf %m, %b : tensor<4xf32>
      sl.yield %n : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  ASSERT_EQ(h.form.terms.size(), 1u);
  EXPECT_EQ(coef(h, 0, 1), "seq0");
  EXPECT_TRUE(h.form.terms[0].second->varying);
  EXPECT_EQ(describe(h.form.forcing), "seq1");
}

TEST_F(RecurrenceAnalysisTest, SubtractionDivisionNegationConstants) {
  // h[t] = -((h[t-1] - x[t]) / w) * 2.0
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %h1: tensor<4xf32>):
      %d = arith.subf %h1, %a : tensor<4xf32>
      %q = arith.divf %d, %v : tensor<4xf32>
      %n = arith.negf %q : tensor<4xf32>
      %two = arith.constant dense<2.0> : tensor<f32>
      %twob = sl.broadcast %two dims [] : tensor<f32> -> tensor<4xf32>
      %r = arith.mulf %n, %twob : tensor<4xf32>
      sl.yield %r : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "mul(neg(div(1, inv0)), 2)");
  EXPECT_FALSE(h.form.terms[0].second->varying);
  EXPECT_EQ(describe(h.form.forcing), "mul(neg(div(neg(seq0), inv0)), 2)");
  EXPECT_TRUE(h.form.forcing->varying);
}

TEST_F(RecurrenceAnalysisTest, TwoStatesReadAtCurrentStep) {
  // z[t] = w * z[t-1] - y[t-1] + x[t];  y[t] = y[t-1] + z[t]
  sl::LoopOp loop = parse(R"mlir(
    %z, %yy = sl.loop steps(%T) axis -2 lags [1, 1] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i, %i : tensor<4xf32>, tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %z1: tensor<4xf32>, %y1: tensor<4xf32>):
      %p = arith.mulf %v, %z1 : tensor<4xf32>
      %q = arith.subf %p, %y1 : tensor<4xf32>
      %zn = arith.addf %q, %a : tensor<4xf32>
      %yn = arith.addf %y1, %zn : tensor<4xf32>
      sl.yield %zn, %yn : tensor<4xf32>, tensor<4xf32>
    } -> tensor<?x4xf32>, tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &z = analysis.getUpdate(0), &y = analysis.getUpdate(1);
  ASSERT_TRUE(z.affine && y.affine);
  EXPECT_EQ(coef(z, 0, 1), "inv0");
  EXPECT_EQ(coef(z, 1, 1), "-1");
  EXPECT_EQ(coef(y, 0, 1), "inv0");
  // y[t-1] + (-1) * y[t-1] folds to the constant 0: a structural zero.
  EXPECT_EQ(coef(y, 1, 1), "<none>");
  EXPECT_EQ(describe(y.form.forcing), "seq0");
}

TEST_F(RecurrenceAnalysisTest, SecondOrder) {
  // y[t] = w * y[t-1] + y[t-2] + x[t]
  sl::LoopOp loop = parse(R"mlir(
    %r = sl.loop steps(%T) axis -2 lags [2] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i, %i : tensor<4xf32>, tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %y1: tensor<4xf32>, %y2: tensor<4xf32>):
      %p = arith.mulf %v, %y1 : tensor<4xf32>
      %q = arith.addf %p, %y2 : tensor<4xf32>
      %n = arith.addf %q, %a : tensor<4xf32>
      sl.yield %n : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &y = analysis.getUpdate(0);
  ASSERT_TRUE(y.affine);
  EXPECT_EQ(coef(y, 0, 1), "inv0");
  EXPECT_EQ(coef(y, 0, 2), "1");
}

TEST_F(RecurrenceAnalysisTest, NonLinearCulprits) {
  // h[t] = tanh(h[t-1]) ; g[t] = g[t-1] * g[t-1] ; k[t] = x[t] / k[t-1]
  // m[t] = m[t-1] @ W
  sl::LoopOp loop = parse(R"mlir(
    %h, %g, %k, %m = sl.loop steps(%T) axis -2 lags [1, 1, 1, 1] seq(%x : tensor<?x4xf32>) inv(%W : tensor<4x4xf32>) init(%i, %i, %i, %i : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %V: tensor<4x4xf32>, %h1: tensor<4xf32>, %g1: tensor<4xf32>, %k1: tensor<4xf32>, %m1: tensor<4xf32>):
      %hn = math.tanh %h1 : tensor<4xf32>
      %gn = arith.mulf %g1, %g1 : tensor<4xf32>
      %kn = arith.divf %a, %k1 : tensor<4xf32>
      %mm = sl.matmul %m1, %V : tensor<4xf32>, tensor<4x4xf32> -> tensor<4xf32>
      sl.yield %hn, %gn, %kn, %mm : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
    } -> tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  EXPECT_FALSE(h.affine);
  ASSERT_TRUE(h.culprit);
  EXPECT_EQ(h.culprit->getName().getStringRef(), "math.tanh");
  EXPECT_EQ(h.kind, CulpritKind::NonLinear);
  EXPECT_EQ(analysis.getUpdate(1).kind, CulpritKind::Product);
  EXPECT_EQ(analysis.getUpdate(2).kind, CulpritKind::Division);
  EXPECT_EQ(analysis.getUpdate(3).kind, CulpritKind::ChannelCoupling);
  for (unsigned s = 1; s < 4; ++s)
    EXPECT_FALSE(analysis.getUpdate(s).affine);
}

TEST_F(RecurrenceAnalysisTest, MaxPlus) {
  // h[t] = max(y[t], x[t] + h[t-1]): not linear, max-plus, not min-plus.
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x, %y : tensor<?x4xf32>, tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %h1: tensor<4xf32>):
      %s = arith.addf %a, %h1 : tensor<4xf32>
      %n = arith.maximumf %b, %s : tensor<4xf32>
      sl.yield %n : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  EXPECT_FALSE(
      RecurrenceAnalysis(loop, sl::Semiring::linear, coefs).getUpdate(0).affine);
  EXPECT_FALSE(RecurrenceAnalysis(loop, sl::Semiring::min_plus, coefs)
                   .getUpdate(0)
                   .affine);
  RecurrenceAnalysis analysis(loop, sl::Semiring::max_plus, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "seq0");
  EXPECT_EQ(describe(h.form.forcing), "seq1");
}

TEST_F(RecurrenceAnalysisTest, LogAddExp) {
  // h[t] = log(exp(h[t-1] + x[t]) + exp(y[t]))
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x, %y : tensor<?x4xf32>, tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %h1: tensor<4xf32>):
      %s = arith.addf %h1, %a : tensor<4xf32>
      %e1 = math.exp %s : tensor<4xf32>
      %e2 = math.exp %b : tensor<4xf32>
      %p = arith.addf %e1, %e2 : tensor<4xf32>
      %n = math.log %p : tensor<4xf32>
      sl.yield %n : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::log_add_exp, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "seq0");
  EXPECT_EQ(describe(h.form.forcing), "seq1");
  // Without the log the value is exp-space: not log-add-exp affine.
  sl::LoopOp noLog = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %h1: tensor<4xf32>):
      %s = arith.addf %h1, %a : tensor<4xf32>
      %e1 = math.exp %s : tensor<4xf32>
      sl.yield %e1 : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis other(noLog, sl::Semiring::log_add_exp, coefs);
  EXPECT_FALSE(other.getUpdate(0).affine);
  EXPECT_EQ(other.getUpdate(0).culprit->getName().getStringRef(), "math.exp");
}

TEST_F(RecurrenceAnalysisTest, VaryingAndStateDependence) {
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %h1: tensor<4xf32>):
      %g = sl.sigmoid %a : tensor<4xf32>
      %c = math.exp %v : tensor<4xf32>
      %p = arith.mulf %g, %h1 : tensor<4xf32>
      %n = arith.addf %p, %c : tensor<4xf32>
      sl.yield %n : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  Block &body = loop.getBody().front();
  auto ops = llvm::to_vector(llvm::map_range(
      body.without_terminator(), [](Operation &op) { return &op; }));
  EXPECT_TRUE(analysis.isVarying(ops[0]->getResult(0)));
  EXPECT_FALSE(analysis.isVarying(ops[1]->getResult(0)));
  EXPECT_FALSE(analysis.dependsOnState(ops[0]->getResult(0)));
  EXPECT_TRUE(analysis.dependsOnState(ops[2]->getResult(0)));
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "sigmoid(seq0)");
  EXPECT_EQ(describe(h.form.forcing), "exp(inv0)");
  EXPECT_FALSE(h.form.forcing->varying);
}

TEST_F(RecurrenceAnalysisTest, CoefBuilderFolds) {
  const Coef *two = coefs.constant(2), *three = coefs.constant(3);
  const Coef *one = coefs.constant(1), *zero = coefs.constant(0);
  EXPECT_TRUE(coefs.binary(Coef::Kind::Add, two, three, nullptr)->isConst(5));
  EXPECT_TRUE(coefs.binary(Coef::Kind::Max, two, three, nullptr)->isConst(3));
  EXPECT_TRUE(coefs.neg(two, nullptr)->isConst(-2));
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %h1: tensor<4xf32>):
      sl.yield %a : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  const Coef *x = coefs.leaf(loop.getBody().getArgument(0), true);
  EXPECT_EQ(coefs.binary(Coef::Kind::Mul, one, x, nullptr), x);
  EXPECT_EQ(coefs.binary(Coef::Kind::Add, x, zero, nullptr), x);
  EXPECT_EQ(coefs.neg(coefs.neg(x, nullptr), nullptr), x);
  EXPECT_TRUE(coefs.binary(Coef::Kind::Mul, x, zero, nullptr)->isConst(0));
  EXPECT_EQ(describe(coefs.binary(Coef::Kind::Sub, zero, x, nullptr)),
            "neg(seq0)");
  // A state that only copies its input is affine with no terms.
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  EXPECT_TRUE(analysis.getUpdate(0).affine);
  EXPECT_TRUE(analysis.getUpdate(0).form.terms.empty());
}

} // namespace
