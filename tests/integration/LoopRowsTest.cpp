//===- LoopRowsTest.cpp - Element-wise loops over rows of T ---------------===//
//
// An element-wise sl.loop whose axis is the last dim runs in the rows kernel
// (codegen/cpu/LoopRowsKernel.cpp: tiles of 16 channels of the dim before
// the axis, blocks of 16 steps staged from and to the rows). On Target::Cpu
// against Target::Reference: channels and steps that fill no tile or block,
// exactly one, and one and a rest; several item dims before the tile's;
// forward and reverse; lags longer than a block; invariants and inits of
// other shapes; a bf16 sequence and result.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

using namespace sluice;
using namespace sluice::itest;

namespace {

/// Loops do not depend on the scan strategy: the default and no fusion.
std::vector<Variant> loopVariants() {
  return {allVariants()[0], allVariants()[1]};
}

/// A non-linear filter with a lag of 20 steps (past a block), a per-row
/// invariant, and inits of three shapes (the others 0), on [B, H, T].
const char *kRowsFilter = R"(
model rows {
  dims B, H, T
  input x : f32[B, H, T]
  input h0 : f32[B, H]
  param w : f32[H]
  scan t over T {
    init h[-1] = h0
    init h[-7] = 0.5
    init h[-20] = w
    h[t] = tanh(w * h[t-1] + 0.3 * h[t-20] + x[t])
  }
  output h
}
)";

TEST(LoopRows, TilesAndBlocksWithAndWithoutRests) {
  for (auto [B, H, T] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1},
                         {2, 3, 15},
                         {1, 16, 16},
                         {3, 17, 33},
                         {2, 40, 100}})
    expectCpuMatchesReference({kRowsFilter,
                               "targeted/rows.sl",
                               "",
                               {{"B", B}, {"H", H}, {"T", T}},
                               {},
                               static_cast<uint64_t>(B * 1000 + H * 10 + T)},
                              loopVariants());
}

TEST(LoopRows, Reverse) {
  const char *source = R"(
model rows_reverse {
  dims B, T
  input x : f32[B, T]
  input g : f32[B, T]
  scan t over T reverse {
    h[t] = tanh(sigmoid(g[t]) * h[t+1] + x[t])
    c[t] = max(c[t+1], h[t]) + 0.01 * tanh(c[t+1])
  }
  output h, c
}
)";
  for (auto [B, T] : {std::pair<int64_t, int64_t>{1, 5}, {16, 16}, {19, 77}})
    expectCpuMatchesReference({source,
                               "targeted/rows_reverse.sl",
                               "",
                               {{"B", B}, {"T", T}},
                               {},
                               static_cast<uint64_t>(B + T)},
                              loopVariants());
}

TEST(LoopRows, Bfloat16SequenceAndResult) {
  const char *source = R"(
model rows_bf16 {
  dims B, T
  input x : bf16[B, T]
  scan t over T {
    h[t] = tanh(0.9 * h[t-1] + x[t])
  }
  output h
}
)";
  for (auto [B, T] : {std::pair<int64_t, int64_t>{3, 20}, {18, 50}})
    expectCpuMatchesReference({source,
                               "targeted/rows_bf16.sl",
                               "",
                               {{"B", B}, {"T", T}},
                               {},
                               static_cast<uint64_t>(B * T)},
                              loopVariants());
}

} // namespace
