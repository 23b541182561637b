//===- CarryTree.h - How the OpenCL look-back walks its carries -*- C++ -*-===//
//
// A Lookback step with carry-tree kernels (codegen/cpu/ScanCarryTree.h)
// can run its carries as a tree of `levels` levels of fanout G instead of
// one serial walk over the blocks. The choice is a pure function of the
// block count, here so that it is tested on its own.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_CARRYTREE_H
#define SLUICE_RUNTIME_OPENCL_CARRYTREE_H

#include <cstdint>

namespace sluice::runtime::opencl {

/// The carry pass of one look-back call: `levels` = 0 is the serial carry
/// kernel (every block in order); else compose 1..levels, top, expand
/// levels..1 with fanout `fanout` (>= 2).
struct CarryTreeShape {
  int levels = 0;
  int64_t fanout = 0;
};

/// Serial steps one tree level costs beyond its 2 G steps (compose and
/// expand), for its two extra launches: ~10 us on a GPU at ~0.5 us per
/// dependent step.
constexpr int64_t kCarryTreeLevelCost = 48;

/// The nodes of a level over `nodes` nodes of the level below, in groups
/// of `fanout`.
inline int64_t carryTreeParents(int64_t nodes, int64_t fanout) {
  return (nodes + fanout - 1) / fanout;
}

/// The carry pass for `blocks` blocks per channel, with at most
/// `maxLevels` levels. `forcedFanout`: 0 chooses by the serial steps (the
/// longest chain of dependent steps: 2 G per level, the top level's nodes,
/// kCarryTreeLevelCost per level; G ~ blocks^(1/(levels+1))); 1 is no tree;
/// >= 2 is that G with the fewest levels whose top has at most G nodes
/// (or maxLevels), whenever blocks > 1.
CarryTreeShape chooseCarryTree(int64_t blocks, int maxLevels,
                               int64_t forcedFanout);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_CARRYTREE_H
