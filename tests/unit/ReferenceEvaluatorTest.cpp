//===- ReferenceEvaluatorTest.cpp - The float64 oracle, by hand -----------===//
//
// Each test parses a small function of `sl` IR and checks the evaluator's
// numbers against values computed by hand (or by a plain loop here).
//
//===----------------------------------------------------------------------===//

#include "codegen/reference/ReferenceEvaluator.h"
#include "ir/SluiceDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using sluice::reference::evaluateReference;
using sluice::reference::EvaluationError;
using sluice::runtime::DType;
using sluice::runtime::Tensor;

namespace {

class ReferenceTest : public testing::Test {
protected:
  ReferenceTest() {
    context.loadDialect<sluice::sl::SluiceDialect, func::FuncDialect,
                        arith::ArithDialect, math::MathDialect,
                        tensor::TensorDialect>();
  }

  /// Evaluates the first function of `ir` on `args`.
  std::vector<Tensor> run(const std::string &ir,
                          const std::vector<Tensor> &args) {
    module =
        parseSourceString<ModuleOp>(ir, ParserConfig(&context), "test.mlir");
    if (!module)
      throw std::runtime_error("the test IR does not parse");
    auto func = *module->getOps<func::FuncOp>().begin();
    return evaluateReference(func, args);
  }

  /// The EvaluationError message of running `ir` on `args`.
  std::string errorOf(const std::string &ir, const std::vector<Tensor> &args) {
    try {
      run(ir, args);
    } catch (const EvaluationError &e) {
      return e.what();
    }
    return "(no error)";
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

Tensor t(std::vector<int64_t> shape, std::vector<double> values) {
  return Tensor::fromDoubles(std::move(shape), values);
}

void expectNear(const Tensor &got, const std::vector<double> &want) {
  std::vector<double> values = got.toDoubles();
  ASSERT_EQ(values.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(values[i], want[i], 1e-12 * (1 + std::fabs(want[i])))
        << "element " << i;
}

/// Replaces the first `from` in `text` by `to`.
std::string replace(std::string text, const std::string &from,
                    const std::string &to) {
  return text.replace(text.find(from), from.size(), to);
}

/// The function prologue shared by the [B, T, D] tests: %B %T %D and zeros %h0.
const char *kDims = R"(
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %z = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>
)";

// x[0, :, 0] = 1 2 3 4 (alpha 0.5), x[0, :, 1] = 4 0 0 8 (alpha 0.25).
const Tensor kX = t({1, 4, 2}, {1, 4, 2, 0, 3, 0, 4, 8});
const Tensor kAlpha = t({2}, {0.5, 0.25});
const std::vector<double> kEma = {0.5,   1,      1.25,   0.75,
                                  2.125, 0.5625, 3.0625, 2.421875};
} // namespace

TEST_F(ReferenceTest, EmaAsLoop) {
  std::string ir = std::string(R"(
func.func @ema(%x: tensor<?x?x?xf32>, %alpha: tensor<?xf32>) -> tensor<?x?x?xf32> {)") +
                   kDims + R"(
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x?x?xf32>) inv(%alpha : tensor<?xf32>) init(%h0 : tensor<?x?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %a: tensor<?xf32>, %h: tensor<?x?xf32>):
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %b = tensor.dim %xt, %i0 : tensor<?x?xf32>
    %d = tensor.dim %xt, %i1 : tensor<?x?xf32>
    %ab = sl.broadcast %a dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %one = arith.constant dense<1.0> : tensor<f32>
    %ones = sl.broadcast %one dims [] sizes(%b, %d) : tensor<f32> -> tensor<?x?xf32>
    %keep = arith.subf %ones, %ab : tensor<?x?xf32>
    %p = arith.mulf %keep, %h : tensor<?x?xf32>
    %q = arith.mulf %ab, %xt : tensor<?x?xf32>
    %n = arith.addf %p, %q : tensor<?x?xf32>
    sl.yield %n : tensor<?x?xf32>
  } -> tensor<?x?x?xf32>
  return %m : tensor<?x?x?xf32>
})";
  std::vector<Tensor> out = run(ir, {kX, kAlpha});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype(), DType::F64);
  EXPECT_EQ(out[0].shape(), (std::vector<int64_t>{1, 4, 2}));
  expectNear(out[0], kEma);
}

namespace {
/// ema as `sl.scan linear`: h = (1 - alpha) * h + alpha * x.
std::string emaScan(const std::string &flags) {
  return std::string(R"(
func.func @ema(%x: tensor<?x?x?xf32>, %alpha: tensor<?xf32>) -> tensor<?x?x?xf32> {)") +
         kDims + R"(
  %ab = sl.broadcast %alpha dims [2] sizes(%B, %T) : tensor<?xf32> -> tensor<?x?x?xf32>
  %ax = arith.mulf %ab, %x : tensor<?x?x?xf32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %ones = sl.broadcast %one dims [] sizes(%D) : tensor<f32> -> tensor<?xf32>
  %keep = arith.subf %ones, %alpha : tensor<?xf32>
  %h = sl.scan linear steps(%T) axis -2 )" +
         flags +
         R"( matrix "c" forcing "v" coeffs(%keep : tensor<?xf32>) inputs(%ax : tensor<?x?x?xf32>) init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %h : tensor<?x?x?xf32>
})";
}
} // namespace

TEST_F(ReferenceTest, EmaAsScan) {
  expectNear(run(emaScan(""), {kX, kAlpha})[0], kEma);
  // Exclusive: the state before each step, the init first.
  expectNear(run(emaScan("exclusive"), {kX, kAlpha})[0],
             {0, 0, 0.5, 1, 1.25, 0.75, 2.125, 0.5625});
  // Reverse, channel 0: t=3: 2; t=2: 1 + 1.5; t=1: 1.25 + 1; t=0: 1.125 + 0.5.
  std::vector<double> reverse =
      run(emaScan("reverse"), {kX, kAlpha})[0].toDoubles();
  EXPECT_EQ(reverse[0], 1.625);
  EXPECT_EQ(reverse[2], 2.25);
  EXPECT_EQ(reverse[4], 2.5);
  EXPECT_EQ(reverse[6], 2.0);
  // Reverse exclusive: t=3 sees the init.
  std::vector<double> both =
      run(emaScan("reverse exclusive"), {kX, kAlpha})[0].toDoubles();
  EXPECT_EQ(both[6], 0.0);
  EXPECT_EQ(both[4], 2.0);
  EXPECT_EQ(both[0], 2.25);
}

TEST_F(ReferenceTest, CumulativeOnnxSemantics) {
  const char *ir = R"(
func.func @cum(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %a = sl.cumulative sum %x axis 0 : tensor<?xf32>
  %b = sl.cumulative sum %x axis 0 exclusive : tensor<?xf32>
  %c = sl.cumulative sum %x axis 0 reverse : tensor<?xf32>
  %d = sl.cumulative sum %x axis 0 reverse exclusive : tensor<?xf32>
  %e = sl.cumulative prod %x axis 0 exclusive : tensor<?xf32>
  %f = sl.cumulative max %x axis 0 exclusive : tensor<?xf32>
  %g = sl.cumulative min %x axis 0 reverse exclusive : tensor<?xf32>
  %h = sl.cumulative logsumexp %x axis 0 : tensor<?xf32>
  return %a, %b, %c, %d, %e, %f, %g, %h : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
})";
  std::vector<Tensor> out = run(ir, {t({3}, {1, 2, 3})});
  expectNear(out[0], {1, 3, 6});
  expectNear(out[1], {0, 1, 3});
  expectNear(out[2], {6, 5, 3});
  expectNear(out[3], {5, 3, 0});
  expectNear(out[4], {1, 1, 2});
  EXPECT_EQ(out[5].toDoubles(), (std::vector<double>{-INFINITY, 1, 2}));
  EXPECT_EQ(out[6].toDoubles(), (std::vector<double>{2, 3, INFINITY}));
  expectNear(out[7], {1, std::log(std::exp(1) + std::exp(2)),
                      std::log(std::exp(1) + std::exp(2) + std::exp(3))});
}

namespace {
/// y[t] = 2 y[t-1] - y[t-2] + u[t], over u : [B, T], as a loop with lags
/// [2] and as a companion-form scan (state (y[t], y[t-1]), matrix "cc10").
const char *kSecondOrder = R"(
func.func @osc(%u: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %B = tensor.dim %u, %c0 : tensor<?x?xf32>
  %T = tensor.dim %u, %c1 : tensor<?x?xf32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %y1 = sl.broadcast %one dims [] sizes(%B) : tensor<f32> -> tensor<?xf32>
  %y2 = sl.broadcast %half dims [] sizes(%B) : tensor<f32> -> tensor<?xf32>
  %y = sl.loop steps(%T) axis -1 lags [2] seq(%u : tensor<?x?xf32>) init(%y1, %y2 : tensor<?xf32>, tensor<?xf32>) {
  ^bb0(%ut: tensor<?xf32>, %h1: tensor<?xf32>, %h2: tensor<?xf32>):
    %s = arith.addf %h1, %h1 : tensor<?xf32>
    %d = arith.subf %s, %h2 : tensor<?xf32>
    %n = arith.addf %d, %ut : tensor<?xf32>
    sl.yield %n : tensor<?xf32>
  } -> tensor<?x?xf32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %minus = arith.constant dense<-1.0> : tensor<f32>
  %s:2 = sl.scan linear steps(%T) axis -1 matrix "cc10" forcing "v0" coeffs(%two, %minus : tensor<f32>, tensor<f32>) inputs(%u : tensor<?x?xf32>) init(%y1, %y2 : tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>, tensor<?x?xf32>
  return %y, %s#0, %s#1 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
})";
} // namespace

TEST_F(ReferenceTest, CompanionSecondOrder) {
  // y[-1] = 1, y[-2] = 0.5, u = 1 0 0 0: y = 2.5, 4, 5.5, 7.
  std::vector<Tensor> out = run(kSecondOrder, {t({1, 4}, {1, 0, 0, 0})});
  expectNear(out[0], {2.5, 4, 5.5, 7});
  expectNear(out[1], {2.5, 4, 5.5, 7});
  expectNear(out[2], {1, 2.5, 4, 5.5}); // the second component: y[t-1]
}

namespace {
/// h[t] = (h[t-1] (x) -1) (+) b[t] in `semiring`, h[-1] = 0, over b : [T].
std::string semiringScan(const std::string &semiring) {
  return R"(
func.func @s(%b: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %T = tensor.dim %b, %c0 : tensor<?xf32>
  %a = arith.constant dense<-1.0> : tensor<f32>
  %h0 = arith.constant dense<0.0> : tensor<f32>
  %h = sl.scan )" +
         semiring +
         R"( steps(%T) axis -1 matrix "c" forcing "v" coeffs(%a : tensor<f32>) inputs(%b : tensor<?xf32>) init(%h0 : tensor<f32>) -> tensor<?xf32>
  return %h : tensor<?xf32>
})";
}
} // namespace

TEST_F(ReferenceTest, Semirings) {
  Tensor b = t({4}, {1, -1, 3, 2});
  // max(h - 1, b): 1, 0, 3, 2.
  expectNear(run(semiringScan("max_plus"), {b})[0], {1, 0, 3, 2});
  // min(h - 1, b): -1, -2, -3, -4.
  expectNear(run(semiringScan("min_plus"), {b})[0], {-1, -2, -3, -4});
  // logaddexp(h - 1, b).
  std::vector<double> want;
  double h = 0;
  for (double v : {1.0, -1.0, 3.0, 2.0})
    want.push_back(h = std::log(std::exp(h - 1) + std::exp(v)));
  expectNear(run(semiringScan("log_add_exp"), {b})[0], want);
  // linear: -h + b: 1, -2, 5, -3.
  expectNear(run(semiringScan("linear"), {b})[0], {1, -2, 5, -3});
}

TEST_F(ReferenceTest, NonLinearLoopWithTanh) {
  std::string ir = R"(
func.func @rnn(%x: tensor<?xf32>, %w: tensor<f32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %T = tensor.dim %x, %c0 : tensor<?xf32>
  %h0 = arith.constant dense<0.25> : tensor<f32>
  %h = sl.loop steps(%T) axis -1 lags [1] seq(%x : tensor<?xf32>) inv(%w : tensor<f32>) init(%h0 : tensor<f32>) {
  ^bb0(%xt: tensor<f32>, %w0: tensor<f32>, %h1: tensor<f32>):
    %p = arith.mulf %w0, %h1 : tensor<f32>
    %s = arith.addf %p, %xt : tensor<f32>
    %n = math.tanh %s : tensor<f32>
    sl.yield %n : tensor<f32>
  } -> tensor<?xf32>
  return %h : tensor<?xf32>
})";
  std::vector<double> x = {0.5, -1, 2, 0.125, -0.75};
  std::vector<double> want(5);
  double h = 0.25;
  for (int i = 0; i < 5; ++i)
    want[i] = h = std::tanh(1.5 * h + x[i]);
  expectNear(run(ir, {t({5}, x), t({}, {1.5})})[0], want);
  h = 0.25;
  for (int i = 4; i >= 0; --i)
    want[i] = h = std::tanh(1.5 * h + x[i]);
  expectNear(run(replace(ir, "axis -1", "axis -1 reverse"),
                 {t({5}, x), t({}, {1.5})})[0],
             want);
}

/// A state without a lag over zero steps keeps the shape of its slices
/// (from one run of the body on zeros): y[t] = 2 * x[t] over x of [2, 0, 3]
/// is [2, 0, 3] (it was [0, 0, 0]), beside a lagged state's [2, 0, 3].
TEST_F(ReferenceTest, UnlaggedStateOverZeroSteps) {
  std::string ir = R"(
func.func @lag0(%x: tensor<?x?x?xf32>, %h0: tensor<?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %y, %h = sl.loop steps(%T) axis -2 lags [0, 1] seq(%x : tensor<?x?x?xf32>) init(%h0 : tensor<?x?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %h1: tensor<?x?xf32>):
    %s = arith.addf %xt, %xt : tensor<?x?xf32>
    %n = arith.addf %h1, %xt : tensor<?x?xf32>
    sl.yield %s, %n : tensor<?x?xf32>, tensor<?x?xf32>
  } -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  return %y, %h : tensor<?x?x?xf32>, tensor<?x?x?xf32>
})";
  std::vector<Tensor> out =
      run(ir, {t({2, 0, 3}, {}), t({2, 3}, {0, 0, 0, 0, 0, 0})});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].shape(), (std::vector<int64_t>{2, 0, 3}));
  EXPECT_EQ(out[1].shape(), (std::vector<int64_t>{2, 0, 3}));
}

TEST_F(ReferenceTest, ShapeOps) {
  const char *ir = R"(
func.func @f(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %wb: tensor<2x3x1xf32>) -> (tensor<2x2xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2x2x3xf32>) {
  %m = sl.matmul %x, %w : tensor<2x3xf32>, tensor<3x2xf32> -> tensor<2x2xf32>
  %mb = sl.matmul %x, %wb : tensor<2x3xf32>, tensor<2x3x1xf32> -> tensor<2x1xf32>
  %mean = sl.reduce mean %x axis 1 keepdims : tensor<2x3xf32> -> tensor<2x1xf32>
  %max = sl.reduce max %x axis 0 : tensor<2x3xf32> -> tensor<3xf32>
  %sh = sl.shift %x axis 1 by 1 : tensor<2x3xf32>
  %last = sl.last %x axis 1 : tensor<2x3xf32> -> tensor<2xf32>
  %first = sl.last %x axis 1 reverse : tensor<2x3xf32> -> tensor<2xf32>
  %b = sl.broadcast %mean dims [1, 2] : tensor<2x1xf32> -> tensor<2x2x3xf32>
  return %m, %mb, %mean, %max, %sh, %last, %first, %b : tensor<2x2xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2x2x3xf32>
})";
  Tensor x = t({2, 3}, {1, 2, 3, 4, 5, -6});
  Tensor w = t({3, 2}, {1, 0, 0, 1, 1, 1});
  Tensor wb = t({2, 3, 1}, {1, 1, 1, 2, 0, 1});
  std::vector<Tensor> out = run(ir, {x, w, wb});
  expectNear(out[0], {4, 5, -2, -1});
  expectNear(out[1], {6, 2});
  expectNear(out[2], {2, 1});
  expectNear(out[3], {4, 5, 3});
  expectNear(out[4], {0, 1, 2, 0, 4, 5});
  expectNear(out[5], {3, -6});
  expectNear(out[6], {1, 4});
  expectNear(out[7], {2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1});
  EXPECT_EQ(out[7].shape(), (std::vector<int64_t>{2, 2, 3}));
}

TEST_F(ReferenceTest, ElementwiseFunctions) {
  const char *ir = R"(
func.func @f(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %g = sl.gelu %x : tensor<3xf32>
  %sp = sl.softplus %x : tensor<3xf32>
  %si = sl.silu %x : tensor<3xf32>
  %sg = sl.sigmoid %x : tensor<3xf32>
  %two = arith.constant dense<2.0> : tensor<3xf32>
  %p = math.powf %two, %x : tensor<3xf32>
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %r = arith.maximumf %x, %zero : tensor<3xf32>
  %e = math.erf %x : tensor<3xf32>
  return %g, %sp, %si, %sg, %p, %r, %e : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
})";
  std::vector<double> x = {-1, 0.5, 800};
  std::vector<Tensor> out = run(ir, {t({3}, x)});
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  std::vector<double> gelu, softplus, silu, sigmoid, erf;
  for (double v : x) {
    gelu.push_back(0.5 * v * (1 + std::erf(v / std::sqrt(2.0))));
    softplus.push_back(v > 100 ? v : std::log(1 + std::exp(v)));
    silu.push_back(v * sig(v));
    sigmoid.push_back(sig(v));
    erf.push_back(std::erf(v));
  }
  expectNear(out[0], gelu);
  expectNear(out[1], softplus); // no overflow at 800
  expectNear(out[2], silu);
  expectNear(out[3], sigmoid);
  expectNear(out[4], {0.5, std::sqrt(2.0), std::pow(2.0, 800)});
  expectNear(out[5], {0, 0.5, 800});
  expectNear(out[6], erf);
}

TEST_F(ReferenceTest, SixteenBitValuesRoundOnlyAtTruncf) {
  const char *ir = R"(
func.func @f(%x: tensor<2xf16>) -> (tensor<2xf16>, tensor<2xf32>) {
  %e = arith.extf %x : tensor<2xf16> to tensor<2xf32>
  %third = arith.constant dense<0.333333333> : tensor<2xf32>
  %s = arith.addf %e, %third : tensor<2xf32>
  %r = arith.truncf %s : tensor<2xf32> to tensor<2xf16>
  return %r, %s : tensor<2xf16>, tensor<2xf32>
})";
  Tensor x = t({2}, {0.1, 1}).convertTo(DType::F16);
  std::vector<Tensor> out = run(ir, {x});
  double third = static_cast<float>(0.333333333);          // the f32 constant
  EXPECT_EQ(out[1].getDouble(0), 0.0999755859375 + third); // exact in f64
  EXPECT_EQ(out[0].getDouble(0),
            sluice::runtime::roundTo(DType::F16, 0.0999755859375 + third));
  EXPECT_EQ(out[0].getDouble(1), 1.3330078125);
}

TEST_F(ReferenceTest, KernelBodies) {
  const char *ir = R"(
func.func @f(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %k = sl.kernel ins(%a, %b : tensor<2xf32>, tensor<2xf32>) {
  ^bb0(%a0: tensor<2xf32>, %b0: tensor<2xf32>):
    %s = arith.mulf %a0, %b0 : tensor<2xf32>
    sl.yield %s : tensor<2xf32>
  } -> tensor<2xf32>
  return %k : tensor<2xf32>
})";
  expectNear(run(ir, {t({2}, {2, 3}), t({2}, {4, 5})})[0], {8, 15});
}

TEST_F(ReferenceTest, ClearErrors) {
  const char *unknown = R"(
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = math.floor %x : tensor<2xf32>
  return %y : tensor<2xf32>
})";
  EXPECT_EQ(errorOf(unknown, {t({2}, {1, 2})}),
            "test.mlir:3:8: math.floor: the reference evaluator does not "
            "support this op");
  EXPECT_EQ(errorOf(unknown, {t({3}, {1, 2, 3})}),
            "function 'f': argument 0 has shape [3], which does not fit its "
            "type tensor<2xf32>");
  EXPECT_EQ(errorOf(unknown, {}), "function 'f' takes 1 arguments, got 0");
  const char *mismatch = R"(
func.func @f(%x: tensor<?xf32>, %w: tensor<?x?xf32>) -> tensor<?xf32> {
  %y = sl.matmul %x, %w : tensor<?xf32>, tensor<?x?xf32> -> tensor<?xf32>
  return %y : tensor<?xf32>
})";
  EXPECT_EQ(errorOf(mismatch, {t({2}, {1, 2}), t({3, 1}, {1, 2, 3})}),
            "test.mlir:3:8: sl.matmul: contracted sizes differ: 2 vs 3");
}
