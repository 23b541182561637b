//===- LookbackTest.cpp - Look-back scans over many blocks -------------------===//
//
// The look-back scan cuts T into blocks of 8 lanes x 4112 steps (32896),
// whose carries are chained in order (LookbackSchedule.h). These cases run
// few channels (so the default picks the look-back) over T of about two to
// three blocks, and across the block boundary itself, for
// every shape of recurrence the scan kernels specialise: k > 1 states,
// time-varying and time-invariant coefficients, max-plus, min-plus and
// log-add-exp semirings, reverse and exclusive scans. (A cumprod of 70001
// factors is left out: its f32 rounding alone, sequential or not, exceeds
// the 1e-5 bound.) Every variant (fusion
// off, each strategy forced) is compared with the float64 reference.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

using namespace sluice::itest;

namespace {

/// T values around the block size: exactly two blocks, one step past, and a
/// third, partly filled block.
const int64_t kBlockLengths[] = {65792, 65793, 70001};

TEST(Lookback, SecondOrderWithInits) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/second_order.sl");
  for (int64_t T : kBlockLengths)
    expectCpuMatchesReference({source, "second_order.sl", "",
                               {{"B", 1}, {"T", T}, {"D", 2}},
                               {{"c1", {-0.45, 0.45}}, {"c2", {-0.45, 0.45}}}});
}

TEST(Lookback, TwoStateOscillator) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/linoss_im_2state.sl");
  expectCpuMatchesReference(
      {source, "linoss_im_2state.sl", "", {{"B", 1}, {"T", 70001}, {"P", 1}},
       {}});
}

TEST(Lookback, ThreeCoupledStatesTimeVarying) {
  const char *source = R"(
model three_states_tv {
  dims T, D
  input x : f32[T, D]
  input g : f32[T, D]
  scan t over T {
    a[t] = g[t] * a[t-1] + 0.1 * b[t-1] + x[t]
    b[t] = 0.3 * b[t-1] - 0.2 * a[t] + g[t]
    c[t] = 0.9 * c[t-1] + a[t] - b[t-1]
  }
  output a, b, c, cl = last(c)
}
)";
  expectCpuMatchesReference({source, "targeted/three_states_tv.sl", "",
                             {{"T", 70001}, {"D", 1}},
                             {{"g", {0.2, 0.7}}, {"x", {0.0, 1.0}}}});
}

TEST(Lookback, TropicalForwardAndReverse) {
  const char *source = R"(
model tropical_long {
  dims B, T, D
  input a : f32[B, T, D]
  input b : f32[B, T, D]
  scan t over T { h[t] = max(h[t-1] + a[t], b[t]) }
  scan s over T { m[s] = min(m[s-1] + a[s], b[s]) }
  scan r over T reverse { q[r] = max(q[r+1] - a[r], b[r]) }
  output h, m, q, hl = last(h), ql = last(q)
}
)";
  for (int64_t T : kBlockLengths)
    expectCpuMatchesReference({source, "targeted/tropical_long.sl", "",
                               {{"B", 1}, {"T", T}, {"D", 1}},
                               {{"a", {-0.01, 0.01}}}});
}

TEST(Lookback, LogAddExp) {
  const char *source = R"(
model log_space_long {
  dims T
  input a : f32[T]
  input b : f32[T]
  scan t over T { l[t] = log(exp(l[t-1] + a[t]) + exp(b[t])) }
  output l
}
)";
  expectCpuMatchesReference({source, "targeted/log_space_long.sl", "",
                             {{"T", 70001}}, {{"a", {-1.0, -0.1}}}});
}

TEST(Lookback, PrefixOpsReverseExclusive) {
  const char *source = R"(
model prefix_long {
  dims B, T
  input x : f32[B, T]
  output s = cumsum(x, T, exclusive=true),
         r = cumsum(x, T, reverse=true),
         m = cummax(x, T, exclusive=true),
         n = cummin(x, T, reverse=true),
         l = logcumsumexp(x, T, reverse=true, exclusive=true)
}
)";
  for (int64_t T : kBlockLengths)
    expectCpuMatchesReference({source, "targeted/prefix_long.sl", "",
                               {{"B", 1}, {"T", T}}, {}});
}

} // namespace
