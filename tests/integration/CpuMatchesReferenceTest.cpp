//===- CpuMatchesReferenceTest.cpp - The CPU target against the oracle ----===//
//
// Every model of every examples/*.sl file (found when the test runs, so a new
// example is covered without touching this file), and targeted models
// written inline, is compiled through the public API for Target::Reference
// (the float64 sequential evaluator) and for Target::Cpu with the default
// options, with fusion off, and with each scan strategy forced. All run on
// the same deterministic random arguments; every output must match the
// reference (see IntegrationSupport.h for the bounds).
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <algorithm>
#include <filesystem>
#include <regex>

using namespace sluice;
using namespace sluice::itest;

namespace {

//===----------------------------------------------------------------------===//
// Every example
//===----------------------------------------------------------------------===//

struct ExampleModel {
  std::string path;  ///< examples/NAME.sl
  std::string model; ///< one model of that file
};

/// The names of the models a file defines, in order.
std::vector<std::string> modelNames(const std::string &text) {
  // Comments run from '#' to the end of the line; drop them first.
  std::string code;
  bool comment = false;
  for (char ch : text) {
    if (ch == '#')
      comment = true;
    else if (ch == '\n')
      comment = false;
    code += comment ? ' ' : ch;
  }
  std::vector<std::string> names;
  static const std::regex model(R"((^|[^A-Za-z0-9_])model\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{)");
  for (auto it = std::sregex_iterator(code.begin(), code.end(), model);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[2]);
  return names;
}

std::vector<ExampleModel> discoverExamples() {
  std::vector<std::string> files;
  for (const auto &entry :
       std::filesystem::directory_iterator(SLUICE_EXAMPLES_DIR))
    if (entry.is_regular_file() && entry.path().extension() == ".sl")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  std::vector<ExampleModel> found;
  for (const std::string &file : files)
    for (const std::string &model : modelNames(readText(file)))
      found.push_back({file, model});
  return found;
}

/// Sizes for the dims of the examples; the T sizes come from the test.
/// A dim of a future example that is not listed here gets 5.
int64_t exampleDim(const std::string &name) {
  static const Dims sizes = {{"B", 2}, {"D", 5}, {"N", 4}, {"P", 6},
                             {"R", 3}, {"H", 2}, {"K", 3}, {"V", 4}};
  auto it = sizes.find(name);
  return it == sizes.end() ? 5 : it->second;
}

/// Ranges that keep the examples' recurrences in their intended regime.
const Ranges &exampleRanges() {
  static const Ranges ranges = {
      {"alpha", {0.05, 0.95}}, // ema decay; gated_delta decay gate in (0, 1)
      {"beta", {0.05, 0.95}},  // gated_delta writing strength in (0, 1)
      {"dt", {0.01, 0.5}},     // selective_scan: after softplus, positive
      {"A", {-1.0, -0.1}},     // selective_scan: negative
      {"c1", {-0.45, 0.45}},   // second_order: |c1| + |c2| < 1, stable
      {"c2", {-0.45, 0.45}},
  };
  return ranges;
}

/// For gtest's messages (it would print the struct's bytes otherwise).
void PrintTo(const ExampleModel &e, std::ostream *os) {
  *os << e.path << " model " << e.model;
}

class ExampleTest : public testing::TestWithParam<ExampleModel> {};

TEST_P(ExampleTest, CpuMatchesReference) {
  const ExampleModel &example = GetParam();
  std::string source = readText(example.path);
  // Dims come from the model's own declarations, read through the API.
  CompileOptions options;
  options.target = Target::Reference;
  options.model = example.model;
  std::shared_ptr<Model> model = compileFile(example.path, options);
  Dims dims;
  for (const std::string &arg : model->inputNames())
    for (const std::string &dim : model->argumentDims(arg))
      dims[dim] = exampleDim(dim);
  for (const std::string &arg : model->paramNames())
    for (const std::string &dim : model->argumentDims(arg))
      dims[dim] = exampleDim(dim);
  for (int64_t T : {1, 7, 37}) {
    if (dims.count("T"))
      dims["T"] = T;
    else if (T != 37)
      continue;
    expectCpuMatchesReference(
        {source, example.path, example.model, dims, exampleRanges(),
         static_cast<uint64_t>(T)});
  }
}

std::string exampleTestName(const testing::TestParamInfo<ExampleModel> &info) {
  std::string name = std::filesystem::path(info.param.path).stem().string();
  if (name != info.param.model)
    name += "_" + info.param.model;
  for (char &ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)))
      ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest,
                         testing::ValuesIn(discoverExamples()),
                         exampleTestName);

TEST(Examples, AreDiscovered) {
  std::vector<ExampleModel> found = discoverExamples();
  EXPECT_GE(found.size(), 13u);
  auto has = [&](const std::string &model) {
    return std::any_of(found.begin(), found.end(),
                       [&](const ExampleModel &e) { return e.model == model; });
  };
  EXPECT_TRUE(has("hawk_rglru"));
  EXPECT_TRUE(has("tanh_rnn"));
  EXPECT_EQ(modelNames("# model not_me {\nmodel a { }\nmodel b{}"),
            (std::vector<std::string>{"a", "b"}));
}

//===----------------------------------------------------------------------===//
// Targeted models
//===----------------------------------------------------------------------===//

const char *const kEma = R"(
model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m, final = last(m)
}
)";

const char *const kHawk = R"(
model hawk {
  dims B, T, D
  input x   : f32[B, T, D]
  param Wa  : f32[D, D]
  param ba  : f32[D]
  param Wx  : f32[D, D]
  param bx  : f32[D]
  param lam : f32[D]
  let r    = sigmoid(x @ Wa + ba)
  let i    = sigmoid(x @ Wx + bx)
  let loga = -8.0 * r * softplus(-lam)
  let u    = sqrt(1.0 - exp(2.0 * loga)) * (i * x)
  scan t over T { h[t] = exp(loga[t]) * h[t-1] + u[t] }
  output h
}
)";

const Ranges kDecay = {{"alpha", {0.05, 0.95}}};

Case ema(int64_t B, int64_t T, int64_t D) {
  // x >= 0: `final` of one channel is then a convex combination of positive
  // values, never a cancellation whose few digits f32 rounding could swamp.
  return {kEma, "targeted/ema.sl", "", {{"B", B}, {"T", T}, {"D", D}},
          {{"alpha", {0.05, 0.95}}, {"x", {0.0, 1.0}}}};
}
Case hawk(int64_t B, int64_t T, int64_t D) {
  return {kHawk, "targeted/hawk.sl", "", {{"B", B}, {"T", T}, {"D", D}}, {}};
}

// ---- odd lengths, one channel (the chunked strategy's case) ----

TEST(Lengths, One) {
  expectCpuMatchesReference(ema(1, 1, 1));
  expectCpuMatchesReference(hawk(1, 1, 1));
  expectCpuMatchesReference(ema(3, 1, 5));
}

TEST(Lengths, Seven) {
  expectCpuMatchesReference(ema(1, 7, 1));
  expectCpuMatchesReference(hawk(1, 7, 1));
  expectCpuMatchesReference(ema(3, 7, 5));
}

TEST(Lengths, Long1000003) {
  expectCpuMatchesReference(ema(1, 1000003, 1));
}

TEST(Lengths, Odd) {
  for (int64_t T : {2, 3, 15, 16, 17, 63, 64, 65, 255, 257, 1023, 4099})
    expectCpuMatchesReference(ema(1, T, 1));
}

// ---- many channels (the channel-parallel strategy's case) ----

TEST(ManyChannels, Ema) { expectCpuMatchesReference(ema(4, 33, 300)); }
TEST(ManyChannels, Hawk) { expectCpuMatchesReference(hawk(4, 33, 300)); }

// ---- reverse scans ----

TEST(Reverse, ScansWithLagsAndInits) {
  const char *source = R"(
model reverse_scans {
  dims B, T, D
  input x : f32[B, T, D]
  param a : f32[D]
  param b : f32[D]
  scan t over T reverse {
    h[t] = a * h[t+1] + x[t] - 0.5 * x[t+2]
  }
  scan s over T reverse {
    init g[-1] = b
    g[s] = 0.5 * g[s+1] - 0.25 * g[s+2] + x[s] * b
  }
  output h, g, hl = last(h), gl = last(g)
}
)";
  for (int64_t T : {1, 2, 7, 40})
    expectCpuMatchesReference({source, "targeted/reverse.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

// ---- prefix operations: every kind, reverse and exclusive ----

const char *const kPrefixOps = R"(
model prefix_ops {
  dims B, T, D
  input x : f32[B, T, D]
  input p : f32[B, T, D]
  output s = cumsum(x, T),
         s_r = cumsum(x, T, reverse=true),
         s_e = cumsum(x, T, exclusive=true),
         s_re = cumsum(x, T, reverse=true, exclusive=true),
         p_i = cumprod(p, T),
         p_r = cumprod(p, T, reverse=true),
         p_e = cumprod(p, T, exclusive=true),
         p_re = cumprod(p, T, exclusive=true, reverse=true),
         mx = cummax(x, T),
         mx_r = cummax(x, T, reverse=true),
         mx_e = cummax(x, T, exclusive=true),
         mx_re = cummax(x, T, reverse=true, exclusive=true),
         mn = cummin(x, T),
         mn_r = cummin(x, T, reverse=true),
         mn_e = cummin(x, T, exclusive=true),
         mn_re = cummin(x, T, reverse=true, exclusive=true),
         l = logcumsumexp(x, T),
         l_r = logcumsumexp(x, T, reverse=true),
         l_e = logcumsumexp(x, T, exclusive=true),
         l_re = logcumsumexp(x, T, reverse=true, exclusive=true)
}
)";

TEST(Prefix, EveryKindReverseExclusive) {
  for (int64_t T : {1, 2, 7, 29})
    expectCpuMatchesReference({kPrefixOps, "targeted/prefix.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"p", {0.8, 1.25}}}});
}

TEST(Prefix, LongOneChannel) {
  expectCpuMatchesReference({kPrefixOps, "targeted/prefix.sl", "",
                             {{"B", 1}, {"T", 4099}, {"D", 1}},
                             {{"p", {0.999, 1.001}}}});
}

TEST(Prefix, LargeMagnitudes) {
  // logcumsumexp of values whose exp overflows f32 (e^88): must be computed
  // stably, as the reference (float64) does.
  for (int64_t T : {1, 7, 300})
    expectCpuMatchesReference({kPrefixOps, "targeted/prefix.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 3}},
                               {{"x", {-150.0, 150.0}}, {"p", {0.8, 1.25}}}});
}

TEST(Prefix, OtherAxesAndRanks) {
  const char *source = R"(
model prefix_axes {
  dims B, T, D
  input x : f32[B, T, D]
  input v : f32[T]
  input m : f32[T, D]
  output a = cumsum(x, D),
         b = cummax(x, B, reverse=true),
         c = logcumsumexp(x, D, exclusive=true),
         d = cumprod(sigmoid(x) + 0.5, B, exclusive=true, reverse=true),
         e = cummin(v, T, exclusive=true),
         f = cumsum(m * m, D, reverse=true),
         g = cumsum(m, T) + cummax(m, T, reverse=true)
}
)";
  for (int64_t T : {1, 7, 19})
    expectCpuMatchesReference({source, "targeted/prefix_axes.sl", "",
                               {{"B", 3}, {"T", T}, {"D", 6}}, {}});
}

// ---- multi-state and higher-order linear recurrences ----

TEST(MultiState, Linoss2State) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/linoss_im_2state.sl");
  for (int64_t T : {1, 7, 200})
    expectCpuMatchesReference({source, "linoss_im_2state.sl", "",
                               {{"B", 2}, {"T", T}, {"P", 9}}, {}});
}

TEST(MultiState, ThreeCoupledStates) {
  const char *source = R"(
model three_states {
  dims B, T, D
  input x : f32[B, T, D]
  input y : f32[B, T, D]
  param g : f32[D]
  scan t over T {
    a[t] = 0.5 * a[t-1] + 0.1 * b[t-1] + x[t]
    b[t] = 0.3 * b[t-1] - 0.2 * a[t] + y[t]
    c[t] = g * c[t-1] + a[t] - b[t-1]
  }
  output a, b, c
}
)";
  for (int64_t T : {1, 7, 61})
    expectCpuMatchesReference({source, "targeted/three_states.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"g", {0.05, 0.95}}}});
}

TEST(MultiState, ReverseWithInits) {
  const char *source = R"(
model reverse_two_states {
  dims B, T, D
  input x : f32[B, T, D]
  input z0 : f32[B, D]
  param k : f32[D]
  scan t over T reverse {
    init z[-1] = z0
    init y[-1] = 1.0
    z[t] = 0.9 * z[t+1] - k * y[t+1] + x[t]
    y[t] = y[t+1] + 0.1 * z[t]
  }
  output y, z, zl = last(z)
}
)";
  for (int64_t T : {1, 7, 50})
    expectCpuMatchesReference({source, "targeted/reverse_two_states.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 4}},
                               {{"k", {0.01, 0.2}}}});
}

TEST(MultiState, ThreeCoupledStatesLongOneChannel) {
  const char *source = R"(
model three_states {
  dims T
  input x : f32[T]
  input y : f32[T]
  scan t over T {
    a[t] = 0.5 * a[t-1] + 0.1 * b[t-1] + x[t]
    b[t] = 0.3 * b[t-1] - 0.2 * a[t] + y[t]
    c[t] = 0.9 * c[t-1] + a[t] - b[t-1]
  }
  output a, b, c, cl = last(c)
}
)";
  expectCpuMatchesReference({source, "targeted/three_states_1d.sl", "",
                             {{"T", 20011}}, {{"x", {0.0, 1.0}}, {"y", {0.0, 1.0}}}});
}

TEST(SecondOrder, WithInits) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/second_order.sl");
  for (int64_t T : {1, 2, 7, 100})
    expectCpuMatchesReference({source, "second_order.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"c1", {-0.45, 0.45}}, {"c2", {-0.45, 0.45}}}});
}

TEST(SecondOrder, ThirdOrderWithInits) {
  const char *source = R"(
model third_order {
  dims B, T, D
  input x : f32[B, T, D]
  input y1 : f32[B, D]
  param y2 : f32[D]
  param c1 : f32[D]
  param c2 : f32[D]
  param c3 : f32[D]
  scan t over T {
    init y[-1] = y1
    init y[-2] = y2
    init y[-3] = 0.5
    y[t] = c1 * y[t-1] + c2 * y[t-2] + c3 * y[t-3] + x[t]
  }
  output y, yl = last(y)
}
)";
  for (int64_t T : {1, 2, 3, 7, 80})
    expectCpuMatchesReference({source, "targeted/third_order.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"c1", {-0.3, 0.3}},
                                {"c2", {-0.3, 0.3}},
                                {"c3", {-0.3, 0.3}}}});
}

TEST(SecondOrder, LongOneChannel) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/second_order.sl");
  expectCpuMatchesReference({source, "second_order.sl", "",
                             {{"B", 1}, {"T", 10007}, {"D", 1}},
                             {{"c1", {-0.45, 0.45}}, {"c2", {-0.45, 0.45}}}});
}

// ---- tropical semirings ----

const char *const kTropical = R"(
model tropical {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  input h0 : f32[B, D]
  scan t over T {
    init h[-1] = h0
    h[t] = max(h[t-1] + a[t], b[t])
  }
  scan s over T {
    m[s] = min(m[s-1] + a[s], b[s])
  }
  scan r over T reverse {
    q[r] = max(q[r+1], b[r])
  }
  scan u over T reverse {
    n[u] = min(n[u+1] - a[u], b[u])
  }
  output h, m, q, n, hl = last(h), ml = last(m)
}
)";

TEST(Tropical, MaxPlusAndMinPlus) {
  for (int64_t T : {1, 7, 45})
    expectCpuMatchesReference({kTropical, "targeted/tropical.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}}, {}});
}

TEST(Tropical, LongOneChannel) {
  expectCpuMatchesReference({kTropical, "targeted/tropical.sl", "",
                             {{"B", 1}, {"T", 10007}, {"D", 1}}, {}});
}

TEST(Tropical, LogAddExp) {
  const char *source = R"(
model log_space {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T { l[t] = log(exp(l[t-1] + a[t]) + exp(b[t])) }
  output l
}
)";
  for (int64_t T : {1, 7, 45})
    expectCpuMatchesReference({source, "targeted/log_space.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {-1.0, -0.1}}}});
}

// ---- non-linear loops (sequential over T) ----

TEST(NonLinear, TanhAndGatedLoops) {
  const char *source = R"(
model nonlinear {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  param v : f32[D]
  scan t over T { h[t] = tanh(w * h[t-1] + x[t]) }
  scan s over T reverse {
    g[s] = sigmoid(w * g[s+1]) * x[s] + 0.05 * g[s+1] * g[s+1]
  }
  scan r over T {
    let z = sigmoid(x[r] + v * c[r-1])
    c[r] = (1.0 - z) * c[r-1] + z * tanh(x[r] - e[r-1])
    e[r] = 0.5 * e[r-1] + 0.5 * c[r]
  }
  output h, g, c, e, hl = last(h), gl = last(g)
}
)";
  for (int64_t T : {1, 7, 40})
    expectCpuMatchesReference({source, "targeted/nonlinear.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}}, {}});
}

TEST(NonLinear, MatmulInTheLoopBody) {
  const char *source = R"(
model matmul_loops {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[D, D]
  param U : f32[D, D]
  scan t over T { h[t] = h[t-1] @ W + x[t] }
  scan s over T { g[s] = tanh(g[s-1] @ U + x[s]) }
  output h, g
}
)";
  for (int64_t T : {1, 7, 40})
    expectCpuMatchesReference({source, "targeted/matmul_loops.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 6}},
                               {{"W", {-0.25, 0.25}}, {"U", {-0.6, 0.6}}}});
}

// ---- where T sits, scalars, pass-through outputs ----

TEST(ScanAxes, TimeFirstMiddleAndLast) {
  const char *source = R"(
model scan_axes {
  dims B, T, D
  input xf : f32[T, B, D]
  input xl : f32[B, D, T]
  input xm : f32[B, T, D]
  param a : f32
  param w : f32[D]
  scan t over T { f[t] = a * f[t-1] + xf[t] }
  scan s over T reverse { l[s] = a * l[s+1] + xl[s] }
  scan r over T { n[r] = tanh(w * n[r-1] + xm[r]) }
  output f, l, n, fl = last(f), ll = last(l), c = cumsum(xl, T, reverse=true),
         m = cummax(xf, T, exclusive=true)
}
)";
  for (int64_t T : {1, 7, 41})
    expectCpuMatchesReference({source, "targeted/scan_axes.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 3}},
                               {{"a", {0.05, 0.95}}}});
  expectCpuMatchesReference({source, "targeted/scan_axes.sl", "",
                             {{"B", 4}, {"T", 9}, {"D", 100}},
                             {{"a", {0.05, 0.95}}}});
}

TEST(Scalars, ScalarParamsInitsAndPassThrough) {
  const char *source = R"(
model scalars {
  dims B, T, D
  input x : f32[B, T, D]
  input h0 : f32[B, D]
  param a : f32
  param b : f32
  scan t over T {
    init h[-1] = h0 * b + sum(h0, D, keepdims=true)
    h[t] = a * h[t-1] + b * x[t]
  }
  output h, same = x, bb = b * 2.0, hx = h * x + a
}
)";
  for (int64_t T : {1, 7, 25})
    expectCpuMatchesReference({source, "targeted/scalars.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

// ---- lagged inputs ----

TEST(LaggedInputs, XAtTMinusK) {
  const char *source = R"(
model lagged_inputs {
  dims B, T, D
  input x : f32[B, T, D]
  input u : f32[B, T, D]
  param a : f32[D]
  scan t over T {
    h[t] = a * h[t-1] + x[t] - 0.5 * x[t-2] + u[t-1]
  }
  scan s over T { k[s] = tanh(k[s-1] + x[s-3]) }
  output h, k
}
)";
  for (int64_t T : {1, 2, 3, 7, 33})
    expectCpuMatchesReference({source, "targeted/lagged_inputs.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

// ---- shift, last, expand_dims, reductions ----

TEST(ShapeOps, ShiftLastExpandDimsReductions) {
  const char *source = R"(
model shape_ops {
  dims B, T, D, N
  input x : f32[B, T, D]
  input y : f32[B, T, N]
  param a : f32[D]
  scan t over T { h[t] = a * h[t-1] + x[t] }
  output s1 = shift(x, T, 2),
         s2 = shift(x, T, -3),
         s3 = shift(x, D, 1),
         s4 = shift(x, T, 1000),
         s5 = shift(x, B, -1),
         e1 = expand_dims(x, -1) * expand_dims(y, 2),
         e2 = expand_dims(a, 0) + sum(x, B, keepdims=true),
         e3 = expand_dims(x, 0) * 2.0,
         r1 = sum(x, T),
         r2 = mean(x, D, keepdims=true),
         r3 = amax(x, B),
         r4 = amin(x, T, keepdims=true),
         r5 = sum(y, N) + mean(x, D),
         rms = x * rsqrt(mean(x * x, D, keepdims=true) + 1e-6),
         soft = exp(x - amax(x, D, keepdims=true)) /
                sum(exp(x - amax(x, D, keepdims=true)), D, keepdims=true),
         hl = last(h),
         hl2 = last(h) * 2.0 + sum(x, T)
}
)";
  for (int64_t T : {1, 7, 23})
    expectCpuMatchesReference({source, "targeted/shape_ops.sl", "",
                               {{"B", 3}, {"T", T}, {"D", 5}, {"N", 4}},
                               {{"a", {0.05, 0.95}}}});
}

// ---- matmul, both forms ----

TEST(Matmul, BothForms) {
  const char *source = R"(
model matmuls {
  dims B, T, D, N
  input x : f32[B, T, D]
  input M : f32[B, T, D, N]
  input v : f32[D]
  param W : f32[D, N]
  param W2 : f32[N, D]
  param P : f32[D, 4]
  let xw = x @ W
  scan t over T { h[t] = 0.5 * h[t-1] + xw[t] }
  output m1 = xw,
         m2 = x @ M,
         m3 = (x @ W) @ W2,
         m4 = v @ W,
         m5 = W2 @ W,
         m6 = x @ P,
         m7 = h @ W2
}
)";
  for (int64_t T : {1, 7, 21})
    expectCpuMatchesReference({source, "targeted/matmuls.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}, {"N", 3}}, {}});
  expectCpuMatchesReference({source, "targeted/matmuls.sl", "",
                             {{"B", 3}, {"T", 17}, {"D", 70}, {"N", 33}}, {}});
  // 999 rows: several slabs of rows (CpuExecutor's runMatmul), the last
  // one short.
  expectCpuMatchesReference({source, "targeted/matmuls.sl", "",
                             {{"B", 3}, {"T", 333}, {"D", 70}, {"N", 33}}, {}});
}

// ---- dtypes ----

TEST(DTypes, BF16) {
  const char *source = R"(
model bf16_model {
  dims B, T, D
  input x : bf16[B, T, D]
  param a : bf16[D]
  param W : bf16[D, D]
  scan t over T { h[t] = a * h[t-1] + x[t] }
  scan s over T { g[s] = tanh(a * g[s-1] + x[s]) }
  output h, g, c = cumsum(x, T, exclusive=true), r = tanh(x) * a,
         m = x @ W, n = sum(x, D)
}
)";
  for (int64_t T : {1, 7, 30})
    expectCpuMatchesReference({source, "targeted/bf16.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

TEST(DTypes, F16) {
  const char *source = R"(
model f16_model {
  dims B, T, D
  input x : f16[B, T, D]
  param a : f16[D]
  scan t over T reverse { h[t] = a * h[t+1] + x[t] }
  output h, c = cummax(x, T), r = sigmoid(x) * a, l = logcumsumexp(x, T)
}
)";
  for (int64_t T : {1, 7, 30})
    expectCpuMatchesReference({source, "targeted/f16.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

TEST(DTypes, Mixed16And32) {
  const char *source = R"(
model mixed {
  dims B, T, D
  input x : f16[B, T, D]
  input y : bf16[B, T, D]
  param a : f32[D]
  scan t over T { h[t] = a * h[t-1] + x[t] * y[t] }
  output h, s = x + y, p = cumprod(sigmoid(y) + 0.5, T)
}
)";
  for (int64_t T : {1, 7, 30})
    expectCpuMatchesReference({source, "targeted/mixed.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}}}});
}

TEST(DTypes, F64) {
  const char *source = R"(
model f64_model {
  dims B, T, D
  input x : f64[B, T, D]
  param a : f64[D]
  param W : f64[D, D]
  param c1 : f64[D]
  param c2 : f64[D]
  let u = sigmoid(x @ W)
  scan t over T { h[t] = a * h[t-1] + u[t] }
  scan s over T { y[s] = c1 * y[s-1] + c2 * y[s-2] + x[s] }
  scan r over T { g[r] = tanh(a * g[r-1] + x[r]) }
  output h, y, g, c = logcumsumexp(x, T, reverse=true), m = cummax(x, T),
         n = mean(x, D, keepdims=true)
}
)";
  for (int64_t T : {1, 7, 30})
    expectCpuMatchesReference({source, "targeted/f64.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"a", {0.05, 0.95}},
                                {"c1", {-0.45, 0.45}},
                                {"c2", {-0.45, 0.45}}}});
  expectCpuMatchesReference({source, "targeted/f64.sl", "",
                             {{"B", 1}, {"T", 5003}, {"D", 1}},
                             {{"a", {0.05, 0.95}},
                              {"c1", {-0.45, 0.45}},
                              {"c2", {-0.45, 0.45}}}});
}

TEST(DTypes, BF16ManyChannelsAndLong) {
  const char *source = R"(
model bf16_ema {
  dims B, T, D
  input x : bf16[B, T, D]
  param alpha : bf16[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
)";
  expectCpuMatchesReference({source, "targeted/bf16_ema.sl", "",
                             {{"B", 4}, {"T", 33}, {"D", 300}}, kDecay});
  expectCpuMatchesReference({source, "targeted/bf16_ema.sl", "",
                             {{"B", 1}, {"T", 10007}, {"D", 1}}, kDecay});
}

} // namespace
