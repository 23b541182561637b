//===- WhereTest.cpp - where(cond, a, b) on the CPU against the reference --===//
//
// Comparisons and where in element-wise code (every operator, broadcasting of
// the three operands, literal branches, f64 and 16-bit types, a branch that
// is inf or NaN where it is not taken) and in scan blocks: resets written
// as a select between two affine functions of the state, as a time-varying
// coefficient, in max-plus, nested, with an invariant condition, and a
// condition on the state (a sequential loop, element-wise or step by step).
// Every case runs on the CPU with fusion on and off and with each scan
// strategy forced, against the float64 reference; the scan cases use T
// longer than one look-back block (8 lanes x 4096 steps) and few channels,
// so the look-back scan composes lanes whose maps contain resets.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <cmath>
#include <random>

using namespace sluice;
using namespace sluice::itest;

namespace {

/// Longer than one look-back block, and not a multiple of the lane length.
constexpr int64_t kLongT = 100003;

/// The remarks of compiling `source` for the CPU.
std::string remarksOf(const std::string &source, const std::string &filename) {
  CompileOptions options;
  options.remarks = true;
  ::testing::internal::CaptureStderr();
  try {
    compileString(source, filename, options);
  } catch (const Error &e) {
    ::testing::internal::GetCapturedStderr();
    ADD_FAILURE() << e.what();
    return "";
  }
  return ::testing::internal::GetCapturedStderr();
}

/// Runs `source` on `inputs` on the reference and on the CPU in every
/// variant; each CPU output must match (no NaN, same infinities).
void expectMatchesOn(const std::string &source, const std::string &filename,
                     const std::map<std::string, Tensor> &inputs) {
  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  std::map<std::string, Tensor> want =
      compileString(source, filename, refOptions)->run(inputs);
  for (const Variant &variant : allVariants()) {
    SCOPED_TRACE("cpu variant " + variant.name);
    CompileOptions options;
    options.fusion = variant.fusion;
    options.scanStrategy = variant.scanStrategy;
    expectOutputsMatch(compileString(source, filename, options)->run(inputs),
                       want);
  }
}

TEST(Where, ElementwiseOperatorsAndBroadcasting) {
  // cond [T, D] from a [D] param against [B, T, D]; a scalar branch; every
  // comparison operator; literal branches; a dim compared as a value.
  expectCpuMatchesReference({R"(
model ops {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f32[T, D]
  param w : f32[D]
  output lt = where(x < y, x, y), le = where(x <= 0.25, x, 0.0),
         gt = where(w > 0.0, x, -1.0), ge = where(y >= w, 2.0 * x, y),
         eq = where(x == x, 1.0, 0.0), ne = where(x != y, x - y, 7.0),
         leaky = where(x > 0.0, x, 0.01 * x),
         dim = where(T > 10, x, -x), lit = where(x + 1.0 > 2.0 * y, 1.0, -1.0)
}
)",
                             "ops.sl",
                             "",
                             {{"B", 3}, {"T", 37}, {"D", 5}}});
}

TEST(Where, TypesF64AndHalf) {
  expectCpuMatchesReference({R"(
model f64 {
  dims T, D
  input x : f64[T, D]
  input h : f16[T, D]
  output a = where(x > 0.0, x, 0.5 * x), b = where(h > 0.0, h, 0.0),
         c = where(x > 0.0, h, 0.25 * h), d = where(h < 0.5, 1.0, 0.0)
}
)",
                             "f64.sl",
                             "",
                             {{"T", 29}, {"D", 7}}});
}

TEST(Where, UntakenBranchMayBeInfOrNan) {
  // 1/x is inf and log(x) NaN exactly where they are not selected: a real
  // select keeps them out (c*a + (1-c)*b would give NaN).
  const char *source = R"(
model safe {
  dims T, D
  input x : f32[T, D]
  output inv = where(x != 0.0, 1.0 / x, 0.0),
         lg = where(x > 0.0, log(x), -1.0),
         both = where(x == 0.0, 0.0, where(x > 0.0, log(x), 1.0 / x))
}
)";
  int64_t T = 41, D = 6;
  std::vector<float> x(T * D);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = i % 3 == 0 ? 0.0f : u(rng);
  expectMatchesOn(source, "safe.sl",
                  {{"x", Tensor::borrow(x.data(), DType::F32, {T, D})}});
}

const char *kResets = R"(
model resets {
  dims B, T, D
  input x : f32[B, T, D]
  input r : f32[B, T, D]
  param a : f32[D]
  param w : f32[D]
  scan t over T {
    h[t] = where(r[t] > 0.9, x[t], a * h[t-1] + x[t])
  }
  scan t over T {
    c[t] = where(r[t] > 0.95, 0.0, 1.0) * c[t-1] + x[t]
  }
  scan t over T {
    g[t] = where(r[t] < 0.1, x[t], where(x[t] > 0.0, a * g[t-1], 0.5 * g[t-1] + 1.0))
  }
  scan t over T {
    v[t] = where(w > 0.0, x[t], a * v[t-1] + x[t])
  }
  scan t over T {
    init m[-1] = -inf
    m[t] = where(r[t] > 0.9, x[t], max(m[t-1] - 0.01, x[t]))
  }
  output h, c, g, v, m
}
)";

TEST(Where, ResetScansAreRecognised) {
  std::string remarks = remarksOf(kResets, "resets.sl");
  EXPECT_NE(remarks.find("scan over 'h' became a parallel linear scan"),
            std::string::npos)
      << remarks;
  EXPECT_NE(remarks.find("scan over 'c' became a parallel linear scan"),
            std::string::npos)
      << remarks;
  EXPECT_NE(remarks.find("scan over 'g' became a parallel linear scan"),
            std::string::npos)
      << remarks;
  EXPECT_NE(remarks.find("scan over 'v' became a parallel linear scan"),
            std::string::npos)
      << remarks;
  EXPECT_NE(remarks.find("scan over 'm' became a parallel max-plus scan"),
            std::string::npos)
      << remarks;
  EXPECT_EQ(remarks.find("sequential"), std::string::npos) << remarks;
}

TEST(Where, ResetScansFewChannelsLongT) {
  // 3 channels: the look-back scan, lanes and blocks full of resets.
  expectCpuMatchesReference({kResets,
                             "resets.sl",
                             "",
                             {{"B", 1}, {"T", kLongT}, {"D", 3}},
                             {{"r", {0.0, 1.0}},
                              {"a", {0.5, 1.0}},
                              {"w", {-1.0, 1.0}}}});
}

TEST(Where, ResetScansManyChannels) {
  // Enough channels for the channel-parallel strategy by default.
  expectCpuMatchesReference({kResets,
                             "resets.sl",
                             "",
                             {{"B", 4}, {"T", 301}, {"D", 300}},
                             {{"r", {0.0, 1.0}}, {"a", {0.5, 1.0}}}});
}

TEST(Where, ResetsAcrossBlockBoundaries) {
  // Resets only at chosen steps, among them the first and last step of a
  // lane (4096) and of a block (8 x 4096): a lane whose map is a pure reset
  // ((M, f) = (0, x)) must not let the carry through.
  const char *source = R"(
model boundary {
  dims T, D
  input x : f32[T, D]
  input done : f32[T, D]
  scan t over T {
    h[t] = where(done[t] > 0.5, x[t], 0.999 * h[t-1] + x[t])
  }
  output h
}
)";
  int64_t T = kLongT, D = 2;
  std::vector<float> x(T * D), done(T * D, 0.0f);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (float &v : x)
    v = u(rng);
  for (int64_t t : {int64_t(0), int64_t(4095), int64_t(4096), int64_t(32767),
                    int64_t(32768), int64_t(65535), kLongT - 1})
    done[t * D] = 1.0f; // channel 0 only; channel 1 never resets
  expectMatchesOn(source, "boundary.sl",
                  {{"x", Tensor::borrow(x.data(), DType::F32, {T, D})},
                   {"done", Tensor::borrow(done.data(), DType::F32, {T, D})}});
}

TEST(Where, SegmentChangeResets) {
  // A user's reset at a change of segment id: seg[t] != seg[t-1].
  const char *source = R"(
model segments {
  dims T, D
  input x : f32[T, D]
  input seg : f32[T, 1]
  scan t over T {
    s[t] = where(seg[t] != seg[t-1], x[t], s[t-1] + x[t])
  }
  output s
}
)";
  EXPECT_NE(remarksOf(source, "segments.sl")
                .find("scan over 's' became a parallel linear scan"),
            std::string::npos);
  int64_t T = kLongT, D = 4;
  std::vector<float> x(T * D), seg(T);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::geometric_distribution<int> runLength(0.001);
  for (float &v : x)
    v = u(rng);
  float id = 1.0f;
  for (int64_t t = 0; t < T;) {
    int64_t n = 1 + runLength(rng);
    for (int64_t i = 0; i < n && t < T; ++i)
      seg[t++] = id;
    id += 1.0f;
  }
  expectMatchesOn(source, "segments.sl",
                  {{"x", Tensor::borrow(x.data(), DType::F32, {T, D})},
                   {"seg", Tensor::borrow(seg.data(), DType::F32, {T, 1})}});
}

TEST(Where, ConditionOnTheStateRunsSequentially) {
  // Not affine: which branch applies depends on the state. An element-wise
  // body (one channel-parallel kernel) and a body with a matmul (a Loop
  // step whose body kernels have the comparison fused into the select, also
  // with fusion off).
  const char *source = R"(
model threshold {
  dims T, D
  input x : f32[T, D]
  param W : f32[D, D]
  scan t over T {
    h[t] = where(h[t-1] > 1.0, 0.0, h[t-1] + x[t])
  }
  scan t over T {
    z[t] = where(z[t-1] @ W > 0.0, 0.5 * z[t-1], x[t])
  }
  output h, z
}
)";
  std::string remarks = remarksOf(source, "threshold.sl");
  EXPECT_NE(remarks.find("its condition depends on the state"),
            std::string::npos)
      << remarks;
  expectCpuMatchesReference({source,
                             "threshold.sl",
                             "",
                             {{"T", 203}, {"D", 9}},
                             {{"x", {0.0, 0.5}}}});
}

TEST(Where, InfiniteStateIsResetByItsBranch) {
  // A select between two affine branches: where the reset applies, the
  // state's earlier value must not reach the result. The scan's coefficient
  // there is 0 and the scan is `absorbing_zero`: 0 * inf is 0, not NaN, as
  // the loop (which never reads the state there) and the reference say.
  // Channel 1 never resets and stays inf. Likewise in max-plus, where the
  // zero is -inf and -inf + inf would be NaN.
  const char *source = R"(
model overflow {
  dims T, D
  input x : f32[T, D]
  input done : f32[T, D]
  scan t over T {
    h[t] = where(done[t] > 0.5, x[t], 3.0 * h[t-1] + x[t])
  }
  scan t over T {
    init m[-1] = inf
    m[t] = where(done[t] > 0.5, x[t], max(m[t-1] + 100.0, x[t]))
  }
  output h, m
}
)";
  int64_t T = 9000, D = 2;
  std::vector<float> x(T * D, 1.0f), done(T * D, 0.0f);
  for (int64_t t = 200; t < T; t += 300)
    done[t * D] = 1.0f; // channel 0 resets every 300 steps; 3^100 overflows
  expectMatchesOn(source, "overflow.sl",
                  {{"x", Tensor::borrow(x.data(), DType::F32, {T, D})},
                   {"done", Tensor::borrow(done.data(), DType::F32, {T, D})}});
}

TEST(Where, ResetScanFusedWithItsReduction) {
  // A reset state read only by a sum over one of its dims runs as one
  // scan+reduce kernel (fusion on): it must select and absorb the same way.
  const char *source = R"(
model reduce {
  dims T, D, N
  input x : f32[T, D, N]
  input done : f32[T, D, 1]
  scan t over T {
    h[t] = where(done[t] > 0.5, x[t], 3.0 * h[t-1] + x[t])
  }
  output y = sum(h, N)
}
)";
  int64_t T = 2000, D = 3, N = 4;
  std::vector<float> x(T * D * N), done(T * D, 0.0f);
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> u(0.5f, 1.0f);
  for (float &v : x)
    v = u(rng);
  for (int64_t t = 150; t < T; t += 250)
    for (int64_t d = 0; d < 2; ++d) // channel 2 never resets: inf
      done[t * D + d] = 1.0f;
  expectMatchesOn(source, "reduce.sl",
                  {{"x", Tensor::borrow(x.data(), DType::F32, {T, D, N})},
                   {"done", Tensor::borrow(done.data(), DType::F32, {T, D, 1})}});
}

} // namespace
