//===- LoopLagsTest.cpp - Sequential loops: long lags, mixed shapes -------===//
//
// sl.loops that stay sequential, on Target::Cpu against Target::Reference:
// - states of different shapes left in one loop after a split (each state's
//   lag and store copies take its own shape; a shared shape overran the
//   smaller state's buffers);
// - long lags (up to the language's 1024), non-linear and linear, with few
//   channels and with more than one tile of channels: the lags are rings in
//   a bounded stack array, O(1) per step (they were lags x 4096 values on the
//   stack and a rotation of every lag at every step);
// - loops whose body couples channels (a Loop step): before the start,
//   h[t-l] is the init t-l steps back (it was init l at every early step),
//   and only the lags the body reads are copied in per step;
// - linear recurrences of long lag, which stay loops instead of becoming
//   K-state companion scans whose compile time grew as K^3.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <chrono>

using namespace sluice;
using namespace sluice::itest;

namespace {

/// Loops do not depend on the scan strategy: the default and no fusion.
std::vector<Variant> loopVariants() {
  return {allVariants()[0], allVariants()[1]};
}

const char *kMixedShapes = R"(
model m {
  dims B, T, K, V
  input a : f32[B, T, 1, 1]
  input x : f32[B, T, K, 1]
  input kv : f32[B, T, K, V]
  scan t over T {
    m[t] = max(m[t-1] + a[t], a[t])
    let f = exp(m[t-1] - m[t])
    C[t] = tanh(f * C[t-1] + kv[t])
    n[t] = tanh(f * n[t-1] + x[t])
  }
  output C, n, m
}
)";

TEST(LoopMixedShapes, SplitLeavesStatesOfDifferentShapes) {
  for (Dims dims : {Dims{{"B", 1}, {"T", 10}, {"K", 2}, {"V", 2}},
                    Dims{{"B", 2}, {"T", 37}, {"K", 3}, {"V", 5}},
                    Dims{{"B", 3}, {"T", 5}, {"K", 1}, {"V", 7}}})
    expectCpuMatchesReference({kMixedShapes, "targeted/mixed_shapes.sl", "",
                               dims, {}}, loopVariants());
}

TEST(LoopMixedShapes, SmallStateFirst) {
  // The [B, K, 1] state comes first: its shape was used for the bigger one.
  const char *source = R"(
model m {
  dims B, T, K, V
  input a : f32[B, T, K, 1]
  input kv : f32[B, T, K, V]
  scan t over T {
    n[t] = tanh(n[t-1] + a[t])
    C[t] = tanh(n[t-1] * C[t-1] + kv[t])
  }
  output C, n
}
)";
  expectCpuMatchesReference({source, "targeted/small_first.sl", "",
                             {{"B", 2}, {"T", 9}, {"K", 3}, {"V", 4}}, {}},
                            loopVariants());
}

/// A non-linear recurrence of lag `lag` with distinct inits at lags 1 and
/// `lag` (zero between: the ring must place each).
std::string nonLinear(int lag) {
  std::string l = std::to_string(lag);
  return "model m {\n  dims B, T, D\n  input x : f32[B, T, D]\n"
         "  param c : f32[D]\n  scan t over T {\n"
         "    init h[-1] = 0.75\n" +
         (lag > 1 ? "    init h[-" + l + "] = c\n" : std::string()) +
         "    h[t] = tanh(0.5 * h[t-" + l + "] + 0.25 * h[t-1] + x[t])\n"
         "  }\n  output h\n}\n";
}

TEST(LoopLongLags, NonLinearFewChannels) {
  for (int lag : {1, 2, 300, 600, 1024})
    expectCpuMatchesReference({nonLinear(lag), "targeted/lag.sl", "",
                               {{"B", 1}, {"T", lag + 77}, {"D", 4}}, {}},
                              loopVariants());
}

TEST(LoopLongLags, Reverse) {
  for (int lag : {2, 600}) {
    std::string source = nonLinear(lag);
    source.replace(source.find("over T"), 6, "over T reverse");
    for (size_t at = source.find("h[t-"); at != std::string::npos;
         at = source.find("h[t-", at))
      source[at + 3] = '+';
    expectCpuMatchesReference({source, "targeted/lag_reverse.sl", "",
                               {{"B", 2}, {"T", lag + 9}, {"D", 3}}, {}},
                              loopVariants());
  }
}

TEST(LoopLongLags, TwoStatesOfDifferentLags) {
  // Two rings side by side in one work item's stack array.
  const char *source = R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init g[-1] = 0.5
    init h[-7] = 1.0
    g[t] = tanh(g[t-1] + 0.5 * h[t-7] + x[t])
    h[t] = tanh(0.25 * h[t-700] - 0.5 * g[t-1] + h[t-7])
  }
  output g, h
}
)";
  for (int64_t D : {3, 4097})
    expectCpuMatchesReference({source, "targeted/two_rings.sl", "",
                               {{"B", 1}, {"T", 731}, {"D", D}}, {}},
                              loopVariants());
}

TEST(LoopLongLags, NonLinearManyChannels) {
  // More channels than one tile (4096), and rows crossing work items.
  for (int lag : {1, 300, 1024})
    expectCpuMatchesReference({nonLinear(lag), "targeted/lag.sl", "",
                               {{"B", 2}, {"T", lag + 5}, {"D", 4100}}, {}},
                              loopVariants());
}

/// A loop whose body couples channels (`@`): a Loop step copying each lag
/// in per step. Before the start h[t-l] is init l - t (not init l).
std::string coupledLoop(int lag, bool reverse) {
  std::string l = std::to_string(lag), sign = reverse ? "+" : "-";
  return "model m {\n  dims B, T, D\n  input x : f32[B, T, D]\n"
         "  input h0 : f32[B, D]\n  param W : f32[D, D]\n"
         "  scan t over T" + std::string(reverse ? " reverse" : "") + " {\n"
         "    init h[-1] = h0\n    init h[-2] = 0.25\n"
         "    h[t] = tanh(h[t" + sign + l + "] @ W + 0.5 * h[t" + sign +
         "1] + x[t])\n  }\n  output h\n}\n";
}

TEST(LoopLongLags, ChannelCouplingBodyReadsTheRightInits) {
  for (bool reverse : {false, true})
    for (int lag : {3, 1024})
      expectCpuMatchesReference({coupledLoop(lag, reverse),
                                 "targeted/coupled_lag.sl", "",
                                 {{"B", 2}, {"T", lag + 40}, {"D", 5}},
                                 {{"W", {-0.5, 0.5}}}},
                                loopVariants());
}

/// h[t] = 0.5 * h[t-K] + x[t]: K interleaved first-order recurrences.
std::string linearLag(int lag) {
  std::string l = std::to_string(lag);
  return "model m {\n  dims B, T, D\n  input x : f32[B, T, D]\n"
         "  scan t over T {\n    init h[-" + l + "] = 1.0\n"
         "    h[t] = 0.5 * h[t-" + l + "] + x[t]\n  }\n  output h\n}\n";
}

TEST(LinearLongLags, MatchesReference) {
  for (int lag : {2, 8, 64, 1024})
    for (Dims dims : {Dims{{"B", 1}, {"T", 3 * lag + 11}, {"D", 3}},
                      Dims{{"B", 2}, {"T", lag + 3}, {"D", 129}}})
      expectCpuMatchesReference({linearLag(lag), "targeted/linear_lag.sl", "",
                                 dims, {}});
}

TEST(LinearLongLags, LongSequencePastOneLookBackBlock) {
  // Lag 2 is a companion scan: T crosses the look-back block (32896 steps).
  for (int lag : {2, 64})
    expectCpuMatchesReference({linearLag(lag), "targeted/linear_lag.sl", "",
                               {{"B", 1}, {"T", 40000}, {"D", 2}}, {}});
}

TEST(LinearLongLags, CompileTimeDoesNotGrowWithTheLag) {
  // Was 2.3 s at lag 8, 200 s at 32, out of memory at 1024.
  for (int lag : {8, 64, 1024}) {
    auto start = std::chrono::steady_clock::now();
    std::shared_ptr<Model> model =
        compileString(linearLag(lag), "targeted/compile_time.sl");
    Tensor x(DType::F32, {1, lag + 1, 4});
    std::map<std::string, Tensor> out = model->run({{"x", x}});
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    EXPECT_LT(seconds, 20.0) << "lag " << lag;
    EXPECT_EQ(out.at("h").shape()[1], lag + 1);
  }
}

} // namespace
