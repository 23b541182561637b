//===- RecognitionModelsTest.cpp - Models recognised across a split -------===//
//
// Models written in ONE scan block whose states become scans only when the
// loop left after a split is analysed again (recognition rounds):
// - mLSTM (examples/mlstm.sl): `m` max-plus, then `C`, `n` linear given `m`;
// - exponentially weighted mean and variance: `var` linear given `mu`;
// - RWKV-4's stabilised WKV (Peng et al. 2023, arXiv 2305.13048): `pp`
//   max-plus, `aa`, `bb` linear given `pp`, the output `wkv` (it carries
//   nothing) element-wise given all three;
// - a leftover that carries nothing (`lags [0]`), and a positive factor of a
//   log-add-exp recurrence written `exp(log(lam) + s)`.
// Each runs on Target::Cpu (every variant) against Target::Reference.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

using namespace sluice;
using namespace sluice::itest;

namespace {

TEST(RecognitionModels, MlstmOneBlock) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/mlstm.sl");
  for (int64_t T : {1, 9, 40})
    expectCpuMatchesReference({source, "examples/mlstm.sl", "",
                               {{"B", 2}, {"T", T}, {"H", 2}, {"K", 3},
                                {"V", 4}},
                               {{"ig", {-3.0, 3.0}}, {"fg", {-2.0, 4.0}}},
                               static_cast<uint64_t>(T)});
}

TEST(RecognitionModels, EwmVarianceOneBlock) {
  const char *source = R"(
model ewmvar {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T {
    let diff = x[t] - mu[t-1]
    mu[t] = mu[t-1] + alpha * diff
    var[t] = (1.0 - alpha) * (var[t-1] + alpha * diff * diff)
  }
  output mu
  output var
}
)";
  for (int64_t T : {1, 8, 50})
    expectCpuMatchesReference({source, "targeted/ewmvar.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}},
                               {{"alpha", {0.05, 0.6}}, {"x", {-2.0, 2.0}}},
                               static_cast<uint64_t>(T)});
}

TEST(RecognitionModels, Rwkv4OneBlock) {
  const char *source = R"(
model rwkv4 {
  dims B, T, D
  input k : f32[B, T, D]
  input v : f32[B, T, D]
  param decay : f32[D]
  param bonus : f32[D]
  let w = -exp(decay)
  scan t over T {
    let p = max(pp[t-1], bonus + k[t])
    let e1 = exp(pp[t-1] - p)
    let e2 = exp(bonus + k[t] - p)
    wkv[t] = (e1 * aa[t-1] + e2 * v[t]) / (e1 * bb[t-1] + e2)
    pp[t] = max(pp[t-1] + w, k[t])
    aa[t] = exp(pp[t-1] + w - pp[t]) * aa[t-1] + exp(k[t] - pp[t]) * v[t]
    bb[t] = exp(pp[t-1] + w - pp[t]) * bb[t-1] + exp(k[t] - pp[t])
  }
  output wkv
  output pp
}
)";
  // Keys up to 20: exp(k) alone would overflow f32 near 89; the stabiliser
  // keeps every exponent <= 0. Zero init, and the reference code's -1e38
  // (the split-off pp read at t-1 is then shift(pp) + (c - shift(c))).
  std::string zeroInit = source;
  std::string bigInit = zeroInit;
  bigInit.replace(bigInit.find("    let p ="), 0, "    init pp[-1] = -1e38\n");
  for (const std::string &text : {zeroInit, bigInit})
    for (int64_t T : {1, 7, 45})
      expectCpuMatchesReference({text, "targeted/rwkv4.sl", "",
                                 {{"B", 2}, {"T", T}, {"D", 6}},
                                 {{"k", {-20.0, 20.0}}, {"decay", {-3.0, 1.0}}},
                                 static_cast<uint64_t>(T)});
}

TEST(RecognitionModels, ElementWiseLeftover) {
  const char *source = R"(
model leftover {
  dims T, D
  input x : f32[T, D]
  scan t over T {
    h[t] = 0.5 * h[t-1] + x[t]
    y[t] = tanh(h[t]) * h[t-1]
  }
  output y
}
)";
  for (int64_t T : {1, 30})
    expectCpuMatchesReference({source, "targeted/leftover.sl", "",
                               {{"T", T}, {"D", 7}}, {},
                               static_cast<uint64_t>(T)});
}

TEST(RecognitionModels, PassThroughThenScan) {
  // h stays in the loop as a pass-through (non-zero init, read at t-1 by
  // z); g, linear given h, becomes a scan in the second round.
  const char *source = R"(
model pass_through_then_scan {
  dims B, T, D
  input x : f32[B, T, D]
  param h0 : f32[D]
  scan t over T {
    init h[-1] = h0
    h[t] = 0.5 * h[t-1] + x[t]
    g[t] = tanh(h[t]) * g[t-1] + x[t]
    z[t] = tanh(g[t-1] + z[t-1] + h[t-1])
  }
  output z, g
}
)";
  for (int64_t T : {1, 23})
    expectCpuMatchesReference({source, "targeted/pass_through.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 3}}, {},
                               static_cast<uint64_t>(T)});
}

TEST(RecognitionModels, PositiveFactorLogAddExp) {
  const char *source = R"(
model logsign_ok {
  dims T, D
  input x : f32[T, D]
  param lam : f32[D]
  scan t over T {
    s[t] = log(exp(log(lam) + s[t-1]) + exp(x[t]))
  }
  output s
}
)";
  expectCpuMatchesReference({source, "targeted/logsign_ok.sl", "",
                             {{"T", 33}, {"D", 4}},
                             {{"lam", {0.1, 0.9}}}});
}

} // namespace
