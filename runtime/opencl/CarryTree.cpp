//===- CarryTree.cpp - How the OpenCL look-back walks its carries ---------===//

#include "runtime/opencl/CarryTree.h"

#include <algorithm>
#include <cmath>

namespace sluice::runtime::opencl {

namespace {
/// The nodes of level `levels` over `blocks` blocks with fanout `fanout`.
int64_t topNodes(int64_t blocks, int64_t fanout, int levels) {
  for (int l = 0; l < levels; ++l)
    blocks = carryTreeParents(blocks, fanout);
  return blocks;
}
} // namespace

CarryTreeShape chooseCarryTree(int64_t blocks, int maxLevels,
                               int64_t forcedFanout) {
  CarryTreeShape none;
  if (maxLevels <= 0 || blocks <= 1 || forcedFanout == 1)
    return none;
  if (forcedFanout >= 2) {
    // A node of more than `blocks` children holds them all (and the fanout
    // reaches the kernels as a dim: KernelAbi.h's 32-bit bound).
    forcedFanout = std::min(forcedFanout, blocks);
    CarryTreeShape forced{1, forcedFanout};
    while (forced.levels < maxLevels &&
           topNodes(blocks, forcedFanout, forced.levels) > forcedFanout)
      ++forced.levels;
    return forced;
  }
  CarryTreeShape best;
  int64_t bestCost = blocks; // the serial carry kernel
  for (int levels = 1; levels <= maxLevels; ++levels) {
    // The smallest G whose top level has at most G nodes.
    auto fanout = static_cast<int64_t>(
        std::pow(static_cast<double>(blocks), 1.0 / (levels + 1)));
    fanout = fanout < 2 ? 2 : fanout;
    while (topNodes(blocks, fanout, levels) > fanout)
      ++fanout;
    int64_t cost = levels * (2 * fanout + kCarryTreeLevelCost) +
                   topNodes(blocks, fanout, levels);
    if (cost < bestCost) {
      bestCost = cost;
      best = {levels, fanout};
    }
  }
  return best;
}

} // namespace sluice::runtime::opencl
