//===- MathAccuracyTest.cpp - f32 math on the CPU over its whole domain ---===//
//
// Every math function of the language, `y = f(x)` on the CPU target, against
// the float64 reference (rounded to f32) on a sweep of arguments: zeros,
// subnormals, tiny, negative, huge, the overflow and underflow boundaries,
// +-inf and NaN. The bound checked is the one docs/USAGE.md ("Accuracy")
// promises:
//
//   |cpu - ref| <= rel * |ref| + abs    (per element; rel and abs per function)
//
// NaN exactly where the reference is NaN, infinities exactly where it has the
// same infinity. Subnormal inputs and results are kept (not flushed to zero).
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <limits>
#include <sstream>
#include <vector>

using namespace sluice;

namespace {

/// Arguments that cover f32's whole range, both signs.
std::vector<float> sweep() {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {0.0f,
                          -0.0f,
                          inf,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::denorm_min(),
                          std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::max(),
                          88.72283f, 88.72284f, 88.7229f, 89.0f, -87.33654f,
                          -87.3366f, -88.0f, -103.2789f, -103.9f, -104.0f,
                          -150.0f, 1e5f, 1e9f, 1e20f, 3e38f, 3.1415927f,
                          1.5707964f, 6.2831855f, 1e-6f, 1e-4f, 0.5f, 1.0f,
                          2.0f, 0.6931472f, 9.0f, 9.5f, 10.0f, 15.0f, 20.0f};
  // Decades from the smallest subnormal to the largest float, 7 per decade.
  for (double e = -45; e <= 38.5; e += 1.0 / 7)
    v.push_back(static_cast<float>(std::pow(10.0, e)));
  // A dense grid where the functions bend.
  for (int i = -4000; i <= 4000; ++i)
    v.push_back(static_cast<float>(i) * 0.01f);
  // Large multiples of pi/2 (hard cases of range reduction) and near them.
  for (double k : {1.0, 3.0, 1e3, 1e4 + 1, 1e6, 1e7 + 3, 1e9, 1e12})
    for (double d : {-1e-3, 0.0, 1e-3})
      v.push_back(static_cast<float>(k * M_PI_2 + d));
  size_t n = v.size();
  for (size_t i = 0; i < n; ++i)
    if (v[i] == v[i]) // every value with both signs
      v.push_back(-v[i]);
  return v;
}

/// One function of the sweep and its bound.
struct Fn {
  const char *output; ///< output name in the model
  double rel, abs;
};

/// The model computing every function of `Fn` on x.
const char *kSource = R"(
model math_sweep {
  dims N
  input x : f32[N]
  output e = exp(x), l = log(x), lp = log1p(x), em = expm1(x), sq = sqrt(x),
         rs = rsqrt(x), th = tanh(x), ab = abs(x), s = sin(x), c = cos(x),
         sg = sigmoid(x), sp = softplus(x), si = silu(x), ge = gelu(x),
         re = relu(x), p2 = pow(x, 2.0), ph = pow(x, 0.5), pn = pow(x, -1.5)
}
)";

/// Relative bound of every function: 2^-21 (4.8e-7, a few ulp).
constexpr double kRel = 0x1p-21;
/// Absolute slack for subnormal results: 4 subnormal ulps.
constexpr double kSubnormal = 4 * 0x1p-149;

/// The documented bounds (docs/USAGE.md, "Accuracy").
const std::vector<Fn> &functions() {
  static const std::vector<Fn> fns = {
      {"e", kRel, kSubnormal},  {"l", kRel, kSubnormal},
      {"lp", kRel, kSubnormal}, {"em", kRel, kSubnormal},
      {"sq", kRel, kSubnormal}, {"rs", kRel, kSubnormal},
      {"th", kRel, kSubnormal}, {"ab", 0, 0},
      {"s", kRel, kSubnormal},  {"c", kRel, kSubnormal},
      {"sg", kRel, kSubnormal}, {"sp", kRel, kSubnormal},
      // x * sigmoid(x): the sigmoid factor is subnormal below x = -87.
      {"si", kRel, 1e-43},      {"ge", kRel, kSubnormal},
      {"re", 0, 0},             {"p2", kRel, kSubnormal},
      {"ph", kRel, kSubnormal}, {"pn", kRel, kSubnormal},
  };
  return fns;
}

std::string show(double v) {
  std::ostringstream os;
  os.precision(9);
  os << v;
  return os.str();
}

/// Every element of `got` within the bound of `want`; the worst offenders
/// listed (with their arguments) otherwise.
::testing::AssertionResult withinBound(const Fn &fn, const std::vector<float> &x,
                                       const Tensor &got, const Tensor &want) {
  std::vector<double> g = got.toDoubles(), w = want.toDoubles();
  std::ostringstream bad;
  int failures = 0;
  double worst = 0; // the largest error in units of the bound
  for (size_t i = 0; i < x.size(); ++i) {
    double c = g[i], r = w[i];
    if (std::isfinite(c) && std::isfinite(r) && fn.rel + fn.abs > 0)
      worst = std::max(worst, std::fabs(c - r) / (fn.rel * std::fabs(r) + fn.abs));
    bool ok;
    if (std::isnan(r))
      ok = std::isnan(c);
    else if (std::isinf(r))
      ok = c == r;
    else
      ok = std::isfinite(c) && std::fabs(c - r) <= fn.rel * std::fabs(r) + fn.abs;
    if (!ok && ++failures <= 12)
      bad << "\n  " << fn.output << "(" << show(x[i]) << ") = " << show(c)
          << ", reference " << show(r);
  }
  if (failures == 0)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << failures << " of " << x.size() << " elements of '" << fn.output
         << "' outside " << fn.rel << " * |ref| + " << fn.abs
         << " (worst error " << worst << " times the bound):" << bad.str();
}

TEST(MathAccuracy, EveryFunctionOverTheWholeDomain) {
  std::vector<float> x = sweep();
  Tensor input = Tensor::borrow(x.data(), DType::F32,
                                {static_cast<int64_t>(x.size())});
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto cpu = compileString(kSource, "math_sweep.sl");
  auto ref = compileString(kSource, "math_sweep.sl", refOptions);
  auto got = cpu->run({{"x", input}});
  auto want = ref->run({{"x", input}});
  for (const Fn &fn : functions())
    EXPECT_TRUE(withinBound(fn, x, got.at(fn.output), want.at(fn.output)));
}

/// pow(x, y) over a grid of both arguments (signs, zeros, infinities,
/// integer and fractional exponents).
TEST(MathAccuracy, PowOverBothArguments) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> bases = {0.0f, -0.0f, 1e-40f, 1e-20f, 0.5f, 1.0f, 2.0f,
                              3.7f, 1e10f, 1e30f, inf, -1e-40f, -0.5f, -1.0f,
                              -2.0f, -3.7f, -1e30f, -inf,
                              std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> exps = {0.0f, 1.0f, 2.0f, 3.0f, -1.0f, -2.0f, 0.5f, -0.5f,
                             1.5f, 7.25f, 40.0f, -40.0f, 1e10f, -1e10f, inf,
                             -inf};
  std::vector<float> xs, ys;
  for (float b : bases)
    for (float e : exps) {
      xs.push_back(b);
      ys.push_back(e);
    }
  const char *source = R"(
model pow_sweep {
  dims N
  input x : f32[N]
  input y : f32[N]
  output p = pow(x, y)
}
)";
  int64_t n = static_cast<int64_t>(xs.size());
  std::map<std::string, Tensor> inputs = {
      {"x", Tensor::borrow(xs.data(), DType::F32, {n})},
      {"y", Tensor::borrow(ys.data(), DType::F32, {n})}};
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto got = compileString(source, "pow_sweep.sl")->run(inputs);
  auto want = compileString(source, "pow_sweep.sl", refOptions)->run(inputs);
  EXPECT_TRUE(
      withinBound({"p", kRel, kSubnormal}, xs, got.at("p"), want.at("p")));
}

/// Subnormal f32 arguments and results are kept: log of the smallest
/// subnormal is -103.28, not -inf, and x * 0.5 of a subnormal is not 0.
TEST(MathAccuracy, SubnormalsAreKept) {
  const char *source = R"(
model subnormal {
  dims N
  input x : f32[N]
  output l = log(x), h = x * 0.5, e = exp(x - 100.0)
}
)";
  std::vector<float> x = {1e-45f, 1e-40f, 2e-39f, 1.1e-38f, 4.0f};
  auto got = compileString(source, "subnormal.sl")
                 ->run({{"x", Tensor::borrow(x.data(), DType::F32, {5})}});
  std::vector<double> l = got.at("l").toDoubles(), h = got.at("h").toDoubles(),
                      e = got.at("e").toDoubles();
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(l[i], std::log(static_cast<double>(x[i])),
                4e-7 * std::fabs(std::log(static_cast<double>(x[i]))))
        << "log(" << x[i] << ")";
    EXPECT_EQ(h[i], static_cast<double>(x[i] * 0.5f)) << x[i] << " * 0.5";
  }
  // exp(4 - 100) = 2.0e-42, a subnormal.
  EXPECT_GT(e[4], 0.0);
  EXPECT_NEAR(e[4], std::exp(-96.0), 2e-45);
}

/// bf16 has f32's exponent range: its subnormals (below 1.18e-38) survive
/// arithmetic and storage.
TEST(MathAccuracy, BF16SubnormalsAreKept) {
  const char *source = R"(
model bf16_subnormal {
  dims N
  input x : bf16[N]
  output y = x * 0.5, z = x * 1e-3
}
)";
  // bf16 bits: 0x0040 = 5.9e-39 (subnormal), 0x0001 = 9.2e-41, 0x3f80 = 1.
  std::vector<uint16_t> bits = {0x0040, 0x0001, 0x3f80, 0x8040};
  auto got = compileString(source, "bf16_subnormal.sl")
                 ->run({{"x", Tensor::borrow(bits.data(), DType::BF16, {4})}});
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto want = compileString(source, "bf16_subnormal.sl", refOptions)
                  ->run({{"x", Tensor::borrow(bits.data(), DType::BF16, {4})}});
  for (const char *name : {"y", "z"}) {
    std::vector<double> g = got.at(name).toDoubles(), w = want.at(name).toDoubles();
    for (size_t i = 0; i < bits.size(); ++i)
      EXPECT_EQ(g[i], w[i]) << name << "[" << i << "]";
  }
  // 0x0040 * 0.5 = 0x0020 exactly, not zero.
  EXPECT_NE(got.at("y").toDoubles()[0], 0.0);
}

} // namespace
