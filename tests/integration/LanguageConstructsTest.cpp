//===- LanguageConstructsTest.cpp - inf, functions, dims as values ------===//
//
// Models using each construct of the language, run on the CPU (every
// variant) against the float64 reference; plus exact values at infinities,
// where a relative norm says nothing.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <cmath>
#include <limits>

using namespace sluice;
using namespace sluice::itest;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(LanguageConstructs, InfInitInMaxPlusScan) {
  expectCpuMatchesReference({R"(
model maxplus {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    init h[-1] = -inf
    h[t] = max(h[t-1] - 0.1, x[t])
  }
  output h, m = max(x, -inf), c = min(x, inf)
}
)",
                             "maxplus.sl", "", {{"T", 37}, {"D", 5}}});
}

TEST(LanguageConstructs, StableFunctions) {
  expectCpuMatchesReference({R"(
model fns {
  dims T, D
  input x : f32[T, D]
  input y : f32[T, D]
  output a = logaddexp(x, y), b = logsigmoid(x), c = elu(x),
         d = clip(x, -3.0, 4.0), e = logaddexp(x, -inf), f = logaddexp(2.0, y)
}
)",
                             "fns.sl",
                             "",
                             {{"T", 19}, {"D", 6}},
                             {{"x", {-90.0, 90.0}}, {"y", {-90.0, 90.0}}}});
}

TEST(LanguageConstructs, StableFunctionsHalf) {
  expectCpuMatchesReference({R"(
model fns16 {
  dims T
  input x : f16[T]
  input y : bf16[T]
  output a = logaddexp(x, y), b = logsigmoid(y), c = elu(x)
}
)",
                             "fns16.sl",
                             "",
                             {{"T", 33}},
                             {{"x", {-20.0, 20.0}}, {"y", {-20.0, 20.0}}}});
}

TEST(LanguageConstructs, DimsAsValues) {
  expectCpuMatchesReference({R"(
model dimvals {
  dims B, T, K
  input x : f32[B, T, K]
  param w : f32[K]
  let scale = 1.0 / sqrt(K)
  scan t over T {
    init h[-1] = K / 10.0
    h[t] = (1.0 - 1.0 / T) * h[t-1] + scale * x[t] * w + B / T
  }
  output h, y = x * scale + T, m = sum(x, T) / T
}
)",
                             "dimvals.sl", "", {{"B", 2}, {"T", 37}, {"K", 16}}});
}

TEST(LanguageConstructs, DimsAsValuesF64AndHalf) {
  expectCpuMatchesReference({R"(
model dimvals64 {
  dims T, K
  input x : f64[T, K]
  input z : bf16[T, K]
  scan t over T {
    h[t] = 0.5 * h[t-1] + x[t] / K
    g[t] = 0.5 * g[t-1] + z[t] * sqrt(K)
  }
  output h, g
}
)",
                             "dimvals64.sl", "", {{"T", 21}, {"K", 3}}});
}

/// Runs `source` (inputs x and y of shape [n]) on the reference and the CPU
/// and returns output `out` of both.
std::pair<std::vector<double>, std::vector<double>>
runBoth(const char *source, std::vector<float> x, std::vector<float> y,
        const std::string &out) {
  auto n = static_cast<int64_t>(x.size());
  std::map<std::string, Tensor> inputs = {
      {"x", Tensor::borrow(x.data(), DType::F32, {n})},
      {"y", Tensor::borrow(y.data(), DType::F32, {n})}};
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto want = compileString(source, "exact.sl", refOptions)->run(inputs);
  auto got = compileString(source, "exact.sl", CompileOptions{})->run(inputs);
  std::vector<double> r, c;
  for (int64_t i = 0; i < n; ++i) {
    r.push_back(static_cast<const float *>(want.at(out).data())[i]);
    c.push_back(static_cast<const float *>(got.at(out).data())[i]);
  }
  return {r, c};
}

TEST(LanguageConstructs, LogaddexpAtInfinities) {
  const char *source = R"(
model lae {
  dims N
  input x : f32[N]
  input y : f32[N]
  output a = logaddexp(x, y)
}
)";
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {-inf, -inf, 1.0f, inf, inf, -inf, 1000.0f, -1000.0f};
  std::vector<float> y = {-inf, 2.0f, -inf, inf, -inf, inf, 1000.0f, -1000.0f};
  std::vector<double> expected = {-kInf, 2.0, 1.0, kInf, kInf, kInf,
                                  1000.0 + std::log(2.0),
                                  -1000.0 + std::log(2.0)};
  auto [ref, cpu] = runBoth(source, x, y, "a");
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isinf(expected[i])) {
      EXPECT_EQ(ref[i], expected[i]) << "reference, element " << i;
      EXPECT_EQ(cpu[i], expected[i]) << "cpu, element " << i;
    } else {
      EXPECT_NEAR(ref[i], expected[i], 1e-4) << "reference, element " << i;
      EXPECT_NEAR(cpu[i], expected[i], 1e-4) << "cpu, element " << i;
    }
  }
}

TEST(LanguageConstructs, LogsigmoidAndEluExtremes) {
  const char *source = R"(
model ext {
  dims N
  input x : f32[N]
  input y : f32[N]
  output b = logsigmoid(x), c = elu(y)
}
)";
  std::vector<float> x = {-200.0f, -30.0f, 0.0f, 30.0f, 200.0f};
  std::vector<float> y = {-200.0f, -1.0f, 0.0f, 1e-8f, 5.0f};
  auto [refB, cpuB] = runBoth(source, x, y, "b");
  auto [refC, cpuC] = runBoth(source, x, y, "c");
  std::vector<double> wantB = {-200.0, -30.0, -std::log(2.0), -9.357623e-14,
                               0.0};
  std::vector<double> wantC = {-1.0, std::expm1(-1.0), 0.0, 1e-8, 5.0};
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(refB[i], wantB[i], 1e-6 * std::max(1.0, std::fabs(wantB[i])));
    EXPECT_NEAR(cpuB[i], wantB[i], 1e-6 * std::max(1.0, std::fabs(wantB[i])));
    EXPECT_NEAR(refC[i], wantC[i], 1e-6 * std::max(1e-8, std::fabs(wantC[i])));
    EXPECT_NEAR(cpuC[i], wantC[i], 1e-6 * std::max(1e-8, std::fabs(wantC[i])));
  }
}

} // namespace
