//===- ScanInfinitiesTest.cpp - +-inf through the look-back scan ----------===//
//
// Few channels and T longer than one look-back block (8 lanes x 4112 steps):
// the scan composes each lane's map, whose coefficient product underflows
// to 0 (0.9^4112) or overflows. An infinite state must stay infinite, as in
// the sequential loop and the reference, instead of becoming NaN (inf * 0).
// Each case runs with the strategy the plan chooses (look-back for these
// channel counts) and with the look-back scan forced.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <limits>
#include <random>

using namespace sluice;
using namespace sluice::itest;

namespace {

/// x[T, D]: the first `leading` steps are `head`, the rest uniform in
/// [lo, hi).
std::vector<float> inputWithHead(int64_t T, int64_t D, int64_t leading,
                                 float head, float lo, float hi) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> x(T * D);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t d = 0; d < D; ++d)
      x[t * D + d] = t < leading ? head : u(rng);
  return x;
}

/// Runs `source` on x[T, D] on the reference and on the CPU (default and
/// look-back forced); every output must match (same infinities, no NaN).
void expectKeepsInfinities(const char *source, const std::vector<float> &x,
                           int64_t T, int64_t D) {
  std::vector<float> data(x);
  std::map<std::string, Tensor> inputs = {
      {"x", Tensor::borrow(data.data(), DType::F32, {T, D})}};
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  auto want = compileString(source, "inf.sl", refOptions)->run(inputs);
  for (const char *strategy : {"", "chunked"}) {
    CompileOptions options;
    options.scanStrategy = strategy;
    auto got = compileString(source, "inf.sl", options)->run(inputs);
    for (auto &[name, ref] : want)
      EXPECT_TRUE(matches(got.at(name), ref))
          << "output '" << name << "', strategy '" << strategy << "'";
  }
}

const char *kFirstOrder = R"(
model first_order {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = 0.9 * h[t-1] + x[t] }
  output h, p = cumprod(x, T)
}
)";

const char *kEma = R"(
model ema {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = 0.9 * h[t-1] + x[t] }
  output h
}
)";

const char *kSecondOrder = R"(
model second_order {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = 0.5 * h[t-1] + 0.4 * h[t-2] + x[t] }
  output h
}
)";

const char *kReverse = R"(
model reverse_order {
  dims T, D
  input x : f32[T, D]
  scan t over T reverse { h[t] = 0.9 * h[t+1] + x[t] }
  output h
}
)";

const char *kFused = R"(
model fused_operands {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = (0.5 + 0.4 * sigmoid(x[t])) * h[t-1] + 2.0 * x[t] }
  output h
}
)";

/// Log space (logaddexp): a coefficient merged from two terms of one state
/// (`logaddexp(x, x)`, computed before the scan), and two coupled states
/// whose maps add +inf to +inf or -inf to -inf when composed. logaddexp of
/// two infinities of one sign is that infinity, never NaN.
const char *kLogSpace = R"(
model log_space {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    m[t] = logaddexp(m[t-1] + x[t], m[t-1] + x[t])
    p[t] = logaddexp(p[t-1] + x[t], q[t-1] + x[t])
    q[t] = logaddexp(p[t-1], q[t-1] + x[t])
  }
  output m, p, q
}
)";

/// Max-plus with a bounded forcing: `min(max(x, -5), 5)` stays finite
/// where the coefficient `x` is infinite.
const char *kMaxPlus = R"(
model max_plus {
  dims T, D
  input x : f32[T, D]
  scan t over T { h[t] = max(h[t-1] + x[t], min(max(x[t], -5.0), 5.0)) }
  output h
}
)";

constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(ScanInfinities, NegativeInfinityAtTheStartStays) {
  for (int64_t T : {32769, 70000})
    expectKeepsInfinities(kFirstOrder, inputWithHead(T, 2, 10, -kInf, -1, 1), T,
                          2);
}

TEST(ScanInfinities, PositiveInfinityAtTheStartStays) {
  expectKeepsInfinities(kFirstOrder, inputWithHead(70000, 3, 10, kInf, 0.5, 1.5),
                        70000, 3);
}

TEST(ScanInfinities, SecondOrder) {
  expectKeepsInfinities(kSecondOrder, inputWithHead(70000, 2, 10, -kInf, -1, 1),
                        70000, 2);
  expectKeepsInfinities(kSecondOrder, inputWithHead(70000, 2, 10, kInf, -1, 1),
                        70000, 2);
}

TEST(ScanInfinities, InfinityInALaterBlock) {
  // The infinity enters in the middle of the second block (lane 3).
  std::vector<float> x = inputWithHead(100000, 2, 0, 0, -1, 1);
  x[(32896 + 3 * 4112 + 17) * 2] = -kInf;
  x[(32896 + 3 * 4112 + 17) * 2 + 1] = kInf;
  expectKeepsInfinities(kEma, x, 100000, 2);
}

TEST(ScanInfinities, SecondOrderInfinityInsideALane) {
  // A 2-state companion map: the loop's step never multiplies the state's
  // second entry by its structural 0, but a lane's composed forcing does
  // (0 * -inf = NaN) once the infinity has spread to both entries. The
  // lanes after it must take their carry step by step, not through that
  // forcing.
  for (int64_t at : {int64_t(17), int64_t(32896 + 3 * 4112 + 17)}) {
    std::vector<float> x = inputWithHead(100000, 2, 0, 0, -1, 1);
    x[at * 2] = -kInf;
    x[at * 2 + 1] = kInf;
    expectKeepsInfinities(kSecondOrder, x, 100000, 2);
  }
}

TEST(ScanInfinities, ReverseScan) {
  std::vector<float> x = inputWithHead(70000, 2, 0, 0, -1, 1);
  for (int64_t t = 70000 - 10; t < 70000; ++t)
    x[t * 2] = x[t * 2 + 1] = -kInf;
  expectKeepsInfinities(kReverse, x, 70000, 2);
}

/// `source` on x[40000, 2] that is -inf, then +inf, for the first 10 steps
/// (the rest uniform in [-1, 1)) and for 23 steps inside a later block.
void expectKeepsSemiringInfinities(const char *source) {
  for (float head : {-kInf, kInf}) {
    expectKeepsInfinities(source, inputWithHead(40000, 2, 10, head, -1, 1),
                          40000, 2);
    std::vector<float> x = inputWithHead(40000, 2, 0, 0, -1, 1);
    for (int64_t t = 32896 + 17; t < 32896 + 40; ++t)
      x[t * 2] = x[t * 2 + 1] = head;
    expectKeepsInfinities(source, x, 40000, 2);
  }
}

TEST(ScanInfinities, LogSpaceInfinitiesStay) {
  // -inf (log 0) and +inf coefficients. The look-back's runs start from
  // the semiring's zero (-inf): a +inf coefficient applied to it must
  // leave it -inf (the loop never forms that sum), not make it NaN.
  expectKeepsSemiringInfinities(kLogSpace);
}

TEST(ScanInfinities, MaxPlusInfinitiesStay) {
  // The same for a max-plus scan whose forcing is finite where the
  // coefficient is infinite.
  expectKeepsSemiringInfinities(kMaxPlus);
}

TEST(ScanInfinities, OperandsComputedInline) {
  // The coefficient and forcing are computed inside the scan kernels (also
  // when a lane is walked step by step from an infinite carry).
  expectKeepsInfinities(kFused, inputWithHead(70000, 2, 10, -kInf, -1, 1),
                        70000, 2);
}

} // namespace
