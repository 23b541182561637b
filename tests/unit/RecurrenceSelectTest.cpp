//===- RecurrenceSelectTest.cpp - where(c, A, B) in the recognition algebra -===//
//
// A select between affine functions of the state is affine, with each
// coefficient and the forcing selected (a missing one is the semiring's
// zero); a condition on the state is non-linear and blames the select; a
// non-linear branch is blamed before it.
//
//===----------------------------------------------------------------------===//

#include "passes/RecurrenceAnalysis.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace sluice;

namespace {

class RecurrenceSelectTest : public ::testing::Test {
protected:
  RecurrenceSelectTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The sl.loop of `loop`: sequences `%x`, `%y` (tensor<?x4xf32>), `%w`
  /// (tensor<4xf32>), init `%i`.
  sl::LoopOp parse(StringRef loop) {
    std::string source = (R"mlir(
      func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %w: tensor<4xf32>,
                   %i: tensor<4xf32>, %T: index) {
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

TEST_F(RecurrenceSelectTest, ResetSelectsCoefficientAndForcing) {
  // h[t] = where(x[t] > 0.5, y[t], w * h[t-1] + y[t])
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x, %y : tensor<?x4xf32>, tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %v: tensor<4xf32>, %h1: tensor<4xf32>):
      %half = arith.constant dense<0.5> : tensor<4xf32>
      %c = arith.cmpf ogt, %a, %half : tensor<4xf32>
      %m = arith.mulf %v, %h1 : tensor<4xf32>
      %n = arith.addf %m, %b : tensor<4xf32>
      %s = arith.select %c, %b, %n : tensor<4xi1>, tensor<4xf32>
      sl.yield %s : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "select(cmpf(seq0, 0.5), 0, inv0)");
  EXPECT_TRUE(h.form.terms[0].second->varying);
  // select(c, y, y) folds to y.
  EXPECT_EQ(describe(h.form.forcing), "seq1");
}

TEST_F(RecurrenceSelectTest, BothBranchesCarryTheState) {
  // h[t] = where(x[t] > 0.5, w * h[t-1], 0.5 * h[t-1] + 1.0)
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %h1: tensor<4xf32>):
      %half = arith.constant dense<0.5> : tensor<4xf32>
      %one = arith.constant dense<1.0> : tensor<4xf32>
      %c = arith.cmpf ogt, %a, %half : tensor<4xf32>
      %p = arith.mulf %v, %h1 : tensor<4xf32>
      %q = arith.mulf %half, %h1 : tensor<4xf32>
      %r = arith.addf %q, %one : tensor<4xf32>
      %s = arith.select %c, %p, %r : tensor<4xi1>, tensor<4xf32>
      sl.yield %s : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  ASSERT_TRUE(h.affine);
  EXPECT_EQ(coef(h, 0, 1), "select(cmpf(seq0, 0.5), inv0, 0.5)");
  EXPECT_EQ(describe(h.form.forcing), "select(cmpf(seq0, 0.5), 0, 1)");
}

TEST_F(RecurrenceSelectTest, MaxPlusUsesMinusInfinityAsZero) {
  // m[t] = where(x[t] > 0.5, y[t], max(m[t-1], y[t]))
  sl::LoopOp loop = parse(R"mlir(
    %m = sl.loop steps(%T) axis -2 lags [1] seq(%x, %y : tensor<?x4xf32>, tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %m1: tensor<4xf32>):
      %half = arith.constant dense<0.5> : tensor<4xf32>
      %c = arith.cmpf ogt, %a, %half : tensor<4xf32>
      %n = arith.maximumf %m1, %b : tensor<4xf32>
      %s = arith.select %c, %b, %n : tensor<4xi1>, tensor<4xf32>
      sl.yield %s : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis linear(loop, sl::Semiring::linear, coefs);
  EXPECT_FALSE(linear.getUpdate(0).affine);
  RecurrenceAnalysis tropical(loop, sl::Semiring::max_plus, coefs);
  const StateUpdate &m = tropical.getUpdate(0);
  ASSERT_TRUE(m.affine);
  EXPECT_EQ(coef(m, 0, 1), "select(cmpf(seq0, 0.5), -inf, 0)");
  EXPECT_EQ(describe(m.form.forcing), "seq1");
}

TEST_F(RecurrenceSelectTest, ConditionOnTheStateBlamesTheSelect) {
  // h[t] = where(h[t-1] > 1.0, y[t], h[t-1] + y[t])
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%y : tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%b: tensor<4xf32>, %h1: tensor<4xf32>):
      %one = arith.constant dense<1.0> : tensor<4xf32>
      %c = arith.cmpf ogt, %h1, %one : tensor<4xf32>
      %n = arith.addf %h1, %b : tensor<4xf32>
      %s = arith.select %c, %b, %n : tensor<4xi1>, tensor<4xf32>
      sl.yield %s : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  for (sl::Semiring semiring : {sl::Semiring::linear, sl::Semiring::max_plus}) {
    RecurrenceAnalysis analysis(loop, semiring, coefs);
    const StateUpdate &h = analysis.getUpdate(0);
    EXPECT_FALSE(h.affine);
    ASSERT_TRUE(h.culprit);
    EXPECT_TRUE(isa<arith::SelectOp>(h.culprit));
    EXPECT_EQ(h.kind, CulpritKind::StateCondition);
  }
}

TEST_F(RecurrenceSelectTest, NonLinearBranchIsBlamedFirst) {
  // h[t] = where(h[t-1] > 1.0, tanh(h[t-1]), y[t])
  sl::LoopOp loop = parse(R"mlir(
    %h = sl.loop steps(%T) axis -2 lags [1] seq(%y : tensor<?x4xf32>) init(%i : tensor<4xf32>) {
    ^bb0(%b: tensor<4xf32>, %h1: tensor<4xf32>):
      %one = arith.constant dense<1.0> : tensor<4xf32>
      %c = arith.cmpf ogt, %h1, %one : tensor<4xf32>
      %n = math.tanh %h1 : tensor<4xf32>
      %s = arith.select %c, %n, %b : tensor<4xi1>, tensor<4xf32>
      sl.yield %s : tensor<4xf32>
    } -> tensor<?x4xf32>
  )mlir");
  RecurrenceAnalysis analysis(loop, sl::Semiring::linear, coefs);
  const StateUpdate &h = analysis.getUpdate(0);
  EXPECT_FALSE(h.affine);
  ASSERT_TRUE(h.culprit);
  EXPECT_EQ(h.culprit->getName().getStringRef(), "math.tanh");
}

} // namespace
