//===- ScanReduceFusionTest.cpp - A scan fused with a reduction of its state -===//
//
// A state read only by a sum or mean over one of its dims is reduced inside
// the scan's kernel (codegen/cpu/ScanReduceKernel.cpp) and never stored over
// T. Each model runs on Target::Cpu in every variant (the default fuses; fusion
// off and the forced look-back take the scan + reduce kernels) against
// Target::Reference: the reduced dim before the last dim (GLA's K), the last
// dim (Mamba's N), through an element-wise op or directly, mean, keepdims,
// reverse, max-plus, a non-zero init, f64 and f16, and sizes from 1 step to
// past one channel tile.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

using namespace sluice;
using namespace sluice::itest;

namespace {

/// Gated Linear Attention (Yang et al. 2024, arXiv 2312.06635, eq. 4 as a
/// recurrence): S_t = diag(a_t) S_{t-1} + k_t^T v_t, o_t = q_t S_t.
const char *kGla = R"(
model gla {
  dims B, T, H, K, V
  input q : f32[B, T, H, K]
  input k : f32[B, T, H, K]
  input v : f32[B, T, H, V]
  input g : f32[B, T, H, K]
  let a  = exp(expand_dims(logsigmoid(g), -1))
  let kv = expand_dims(k, -1) * expand_dims(v, 3)
  scan t over T { S[t] = a[t] * S[t-1] + kv[t] }
  output o = sum(expand_dims(q, -1) * S, K)
}
)";

TEST(ScanReduceFusion, GatedLinearAttention) {
  for (auto [T, K, V] : {std::tuple<int64_t, int64_t, int64_t>{1, 2, 3},
                         {7, 3, 5},
                         {130, 16, 33},
                         {40, 1, 1}})
    expectCpuMatchesReference({kGla, "targeted/gla.sl", "",
                               {{"B", 2}, {"T", T}, {"H", 3}, {"K", K}, {"V", V}},
                               {{"g", {-3.0, 3.0}}},
                               static_cast<uint64_t>(T + K)});
}

TEST(ScanReduceFusion, SelectiveScanReducesTheLastDim) {
  std::string source = readText(SLUICE_EXAMPLES_DIR "/selective_scan.sl");
  for (int64_t T : {1, 9, 200})
    expectCpuMatchesReference({source, "examples/selective_scan.sl", "",
                               {{"B", 2}, {"T", T}, {"D", 5}, {"N", 7}},
                               {{"dt", {0.01, 0.5}}, {"A", {-2.0, -0.1}}},
                               static_cast<uint64_t>(T)});
}

TEST(ScanReduceFusion, DirectMeanKeepdimsReverseAndInit) {
  const char *source = R"(
model variants {
  dims B, T, K, V
  input a : f32[B, T, K, V]
  input x : f32[B, T, K, V]
  input h0 : f32[B, K, V]
  scan t over T reverse {
    init h[-1] = h0
    h[t] = a[t] * h[t+1] + x[t]
  }
  output y = mean(h, K, keepdims=true)
}
)";
  for (int64_t T : {1, 6, 64})
    expectCpuMatchesReference({source, "targeted/variants.sl", "",
                               {{"B", 3}, {"T", T}, {"K", 4}, {"V", 9}},
                               {{"a", {-0.9, 0.9}}},
                               static_cast<uint64_t>(T)});
}

/// S4D's shape of scan (its decay exp(dt * A) kept beside the states, so
/// the tiles advance each state through two steps at a time,
/// ScanReduceTiles.cpp), reversed, with a mean over its last dim: odd and
/// even T (the pairs and the last single step), and tiles past one.
TEST(ScanReduceFusion, KeptDecayInStepPairsReversed) {
  const char *source = R"(
model pairs {
  dims B, T, D, N
  input u : f32[B, T, D]
  param A_log : f32[D, N]
  param C : f32[D, N]
  let Abar = exp(-exp(A_log))
  let ue = unsqueeze(u, -1)
  scan t over T reverse { x[t] = Abar * x[t+1] + ue[t] }
  output y = mean(C * x, N)
}
)";
  for (auto [T, D] : {std::pair<int64_t, int64_t>{1, 3},
                      {2, 5},
                      {7, 33},
                      {300, 70}})
    expectCpuMatchesReference({source, "targeted/pairs.sl", "",
                               {{"B", 2}, {"T", T}, {"D", D}, {"N", 5}},
                               {{"A_log", {-2.0, 1.0}}},
                               static_cast<uint64_t>(T + D)});
}

/// A state whose dim before the reduced one has one element (mLSTM's
/// normaliser n [B, T, H, 1, K]): a work item is one channel and its states
/// go in vectors along the reduced dim, summed in partials
/// (ScanReduceTiles.cpp, acrossStates). A gate per step (hoisted out of the
/// states' loop), widths below, at and past the partials' lanes and past
/// two of them; then a decay kept beside the states (steps in pairs),
/// reversed, with a mean.
TEST(ScanReduceFusion, StatesAcrossLanesWhereTheTileDimIsOne) {
  const char *gated = R"(
model gated {
  dims B, T, H, K
  input x : f32[B, T, H, K]
  input q : f32[B, T, H, K]
  input g : f32[B, T, H]
  let gate = reshape(sigmoid(g), [B, T, H, 1, 1])
  let xe = reshape(x, [B, T, H, 1, K])
  scan t over T { n[t] = gate[t] * n[t-1] + xe[t] }
  output y = sum(n * reshape(q, [B, T, H, 1, K]), K)
}
)";
  for (auto [T, K] :
       {std::pair<int64_t, int64_t>{1, 1}, {5, 31}, {9, 32}, {3, 33}, {40, 70}})
    expectCpuMatchesReference({gated,
                               "targeted/gated.sl",
                               "",
                               {{"B", 2}, {"T", T}, {"H", 3}, {"K", K}},
                               {{"g", {-3.0, 3.0}}},
                               static_cast<uint64_t>(T + K)});
  const char *kept = R"(
model kept {
  dims B, T, N
  input u : f32[B, T]
  param A_log : f32[N]
  param C : f32[N]
  let Abar = exp(-exp(A_log))
  let ue = reshape(u, [B, T, 1, 1])
  scan t over T reverse { x[t] = Abar * x[t+1] + ue[t] }
  output y = mean(C * x, N)
}
)";
  for (auto [T, N] :
       {std::pair<int64_t, int64_t>{1, 3}, {2, 32}, {7, 33}, {64, 65}})
    expectCpuMatchesReference({kept,
                               "targeted/kept.sl",
                               "",
                               {{"B", 3}, {"T", T}, {"N", N}},
                               {{"A_log", {-2.0, 1.0}}},
                               static_cast<uint64_t>(T + N)});
}

/// A sum's one element-wise reader, computed by the scan kernel where the
/// sum is stored (#sl.schedule's fuse_epilogue): a skip connection over the
/// last dim (the tiles), a gated mean with keepdims over a dim before the
/// last (the general kernel), one where the tile dim has one element; and
/// a reader of another scan's state, which that scan computes after this
/// one, so that the sum is stored and the reader is a kernel of its own.
TEST(ScanReduceFusion, SumReadersComputedWhereTheSumIsStored) {
  const char *models = R"(
model skip {
  dims B, T, D, N
  input u : f32[B, T, D]
  input a : f32[B, T, D, N]
  param C : f32[D, N]
  param Dp : f32[D]
  let ue = unsqueeze(u, -1)
  scan t over T { x[t] = a[t] * x[t-1] + ue[t] }
  output y = sum(C * x, N) + Dp * tanh(u)
}
model gated {
  dims B, T, K, V
  input a : f32[B, T, K, V]
  input x : f32[B, T, K, V]
  input g : f32[B, T, 1, V]
  scan t over T reverse { h[t] = a[t] * h[t+1] + x[t] }
  output y = mean(h, K, keepdims=true) * sigmoid(g)
}
model one {
  dims B, T, K
  input x : f32[B, T, K]
  input q : f32[B, T, K]
  input w : f32[B, T]
  let xe = reshape(x, [B, T, 1, K])
  scan t over T { n[t] = 0.9 * n[t-1] + xe[t] }
  output y = sum(n * reshape(q, [B, T, 1, K]), K) - reshape(w, [B, T, 1])
}
model later {
  dims B, T, D, N
  input a : f32[B, T, D, N]
  input x : f32[B, T, D, N]
  input w : f32[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  scan t over T { g[t] = 0.5 * g[t-1] + w[t] }
  output y = sum(h, N) * g
}
)";
  for (int64_t T : {1, 7, 65}) {
    Ranges decays{{"a", {-0.95, 0.95}}};
    expectCpuMatchesReference({models,
                               "targeted/epilogues.sl",
                               "skip",
                               {{"B", 2}, {"T", T}, {"D", 33}, {"N", 5}},
                               decays,
                               static_cast<uint64_t>(T)});
    expectCpuMatchesReference({models,
                               "targeted/epilogues.sl",
                               "gated",
                               {{"B", 2}, {"T", T}, {"K", 3}, {"V", 35}},
                               decays,
                               static_cast<uint64_t>(T + 1)});
    expectCpuMatchesReference({models,
                               "targeted/epilogues.sl",
                               "one",
                               {{"B", 3}, {"T", T}, {"K", 40}},
                               {},
                               static_cast<uint64_t>(T + 2)});
    expectCpuMatchesReference({models,
                               "targeted/epilogues.sl",
                               "later",
                               {{"B", 2}, {"T", T}, {"D", 3}, {"N", 4}},
                               decays,
                               static_cast<uint64_t>(T + 3)});
  }
}

TEST(ScanReduceFusion, MaxPlusStateSummed) {
  const char *source = R"(
model maxplus {
  dims B, T, K, V
  input w : f32[B, T, K, V]
  input x : f32[B, T, K, V]
  scan t over T { m[t] = max(w[t] + m[t-1], x[t]) }
  output y = sum(m * 0.5, K)
}
)";
  expectCpuMatchesReference({source, "targeted/maxplus.sl", "",
                             {{"B", 2}, {"T", 33}, {"K", 3}, {"V", 4}},
                             {{"w", {-1.0, 0.0}}}, 5});
}

TEST(ScanReduceFusion, F64AndF16) {
  const char *source = R"(
model dtypes {
  dims B, T, K, V
  input a64 : f64[B, T, K, V]
  input x64 : f64[B, T, K, V]
  input a16 : f16[B, T, K, V]
  input x16 : f16[B, T, K, V]
  scan t over T { h[t] = a64[t] * h[t-1] + x64[t] }
  scan t over T { g[t] = a16[t] * g[t-1] + x16[t] }
  output y64 = sum(h, V)
  output y16 = sum(g, K)
}
)";
  expectCpuMatchesReference({source, "targeted/dtypes.sl", "",
                             {{"B", 2}, {"T", 50}, {"K", 3}, {"V", 6}},
                             {{"a64", {-0.9, 0.9}}, {"a16", {-0.9, 0.9}}},
                             3});
}

TEST(ScanReduceFusion, StateAlsoReadElsewhereIsStored) {
  // `h` is an output too: the plain scan writes it; the sum reads it back.
  const char *source = R"(
model both {
  dims B, T, K, V
  input a : f32[B, T, K, V]
  input x : f32[B, T, K, V]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  output h
  output y = sum(h, K)
}
)";
  expectCpuMatchesReference({source, "targeted/both.sl", "",
                             {{"B", 2}, {"T", 20}, {"K", 3}, {"V", 5}},
                             {{"a", {-0.9, 0.9}}}, 4});
}

} // namespace
