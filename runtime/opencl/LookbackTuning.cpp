//===- LookbackTuning.cpp - The schedule of an OpenCL look-back -----------===//

#include "runtime/opencl/LookbackTuning.h"

#include <algorithm>

namespace sluice::runtime::opencl {

const char *lookbackModeName(LookbackMode mode) {
  switch (mode) {
  case LookbackMode::OnePass:
    return "onepass";
  case LookbackMode::ThreePass:
    return "three-pass";
  case LookbackMode::OnePassTile:
    return "onepass-tile";
  case LookbackMode::OnePassWords:
    return "onepass-words";
  case LookbackMode::Walk:
    return "walk";
  case LookbackMode::WalkPairs:
    return "walk-pairs";
  case LookbackMode::OnePassRows:
    return "onepass-rows";
  case LookbackMode::Auto:
    break;
  }
  return "auto";
}

bool parseLookbackMode(const std::string &name, LookbackMode &mode) {
  if (name == "onepass")
    mode = LookbackMode::OnePass;
  else if (name == "three-pass")
    mode = LookbackMode::ThreePass;
  else if (name == "onepass-tile")
    mode = LookbackMode::OnePassTile;
  else if (name == "onepass-words")
    mode = LookbackMode::OnePassWords;
  else if (name == "walk")
    mode = LookbackMode::Walk;
  else if (name == "walk-pairs")
    mode = LookbackMode::WalkPairs;
  else if (name == "onepass-rows")
    mode = LookbackMode::OnePassRows;
  else
    return false;
  return true;
}

LookbackMode defaultLookbackMode(int64_t channels, int64_t steps,
                                 bool forwardProgress, bool tile, bool words,
                                 bool walk, int64_t computeUnits, bool rows,
                                 bool fewBytesAStep, bool rowKernel,
                                 bool walkPairs) {
  if (rowKernel && forwardProgress && steps >= kRowsOnePassChunk)
    return LookbackMode::OnePassRows;
  bool walkFits = walk && computeUnits > 0 &&
                  !walkWithFewChannels(channels, computeUnits);
  if (rows && !(walkFits && fewBytesAStep))
    return LookbackMode::ThreePass;
  if (walkFits)
    return walkPairs && steps >= kWalkPairsMinSteps ? LookbackMode::WalkPairs
                                                    : LookbackMode::Walk;
  // (Fewer channels: the walk in more parts, where the program has it.)
  if (walk && computeUnits > 0 &&
      channels >= kWalkFewMinChannelsPerUnit * computeUnits)
    return LookbackMode::Walk;
  if (!forwardProgress)
    return LookbackMode::ThreePass;
  if (words && channels >= kWordsMinChannels && steps >= kWordsMinSteps)
    return LookbackMode::OnePassWords;
  if (channels < kOnePassMinChannels)
    return LookbackMode::ThreePass;
  if (tile && steps >= kTileMinSteps && steps < kTileMaxSteps)
    return LookbackMode::OnePassTile;
  return steps >= kOnePassMinSteps ? LookbackMode::OnePass
                                   : LookbackMode::ThreePass;
}

namespace {
/// The chunk of the default rule before the GPU's layouts
/// (defaultLookbackChunk): the compute units filled, the carry balanced.
int64_t fillingLookbackChunk(int64_t steps, int64_t channels,
                             int64_t computeUnits) {
  steps = std::max<int64_t>(steps, 1);
  channels = std::max<int64_t>(channels, 1);
  int64_t wanted = std::max<int64_t>(computeUnits, 1) * kLookbackItemsPerUnit;
  int64_t fill = kMinLookbackChunk;
  for (int64_t chunk = kMaxLookbackChunk; chunk >= kMinLookbackChunk;
       chunk /= 2) {
    int64_t blocks = steps / chunk + (steps % chunk ? 1 : 0);
    // blocks * channels >= wanted, without the product overflowing.
    if (blocks >= (wanted + channels - 1) / channels) {
      fill = chunk;
      break;
    }
  }
  int64_t balance = kMinLookbackChunk;
  while (balance < kMaxLookbackChunk && balance * balance < steps)
    balance *= 2;
  return std::min(std::max(fill, balance), kMaxLookbackChunk);
}
} // namespace

int64_t defaultLookbackChunk(int64_t steps, int64_t channels,
                             int64_t computeUnits, bool gpu,
                             int64_t stepStride, bool wideSteps) {
  if (gpu && (channels == 1 || stepStride == 1))
    return kOneChannelGpuChunk;
  int64_t chunk = fillingLookbackChunk(steps, channels, computeUnits);
  if (!gpu || !wideSteps || stepStride < 2 ||
      stepStride > kFewInterleavedMaxStride ||
      channels > kFewInterleavedMaxChannels)
    return chunk;
  int64_t few = kFewInterleavedMinChunk;
  while (few < 4 * stepStride && few < kFewInterleavedMaxChunk)
    few *= 2;
  return std::min(chunk, few);
}

ItemOrder chooseItemOrder(bool rows, int64_t blocks, int64_t channels,
                          int64_t computeUnits, bool rowsKernels,
                          std::optional<ItemOrder> forced,
                          int64_t fewestByBlock) {
  if (forced && (*forced != ItemOrder::Rows || rowsKernels))
    return *forced;
  int64_t fewest = fewestByBlock > 0 ? fewestByBlock : kRowsByBlockMinChannels;
  if (!rows || channels <= 1 || channels < fewest)
    return ItemOrder::Items;
  if (rowsKernels && channels >= kRowsOrderMinChannels)
    return ItemOrder::Rows;
  int64_t units = std::max<int64_t>(1, computeUnits);
  if (blocks / units >= kRowsByBlockItemsPerUnit)
    return ItemOrder::Blocks;
  return rowsKernels ? ItemOrder::Rows : ItemOrder::Items;
}

bool rowsLeaveTheItemOrder(bool rows, int64_t channels, bool rowsKernels,
                           std::optional<ItemOrder> forced,
                           int64_t fewestByBlock) {
  if (!rows || channels <= 1 || !rowsKernels ||
      (forced && *forced == ItemOrder::Items))
    return false;
  if (forced)
    return true;
  int64_t fewest = fewestByBlock > 0 ? fewestByBlock : kRowsByBlockMinChannels;
  return channels >= fewest;
}

const char *itemOrderName(ItemOrder order) {
  switch (order) {
  case ItemOrder::Items:
    return "items";
  case ItemOrder::Blocks:
    return "blocks";
  case ItemOrder::Rows:
    return "rows";
  }
  return "items";
}

bool parseItemOrder(const std::string &name, ItemOrder &order) {
  for (ItemOrder candidate :
       {ItemOrder::Items, ItemOrder::Blocks, ItemOrder::Rows})
    if (name == itemOrderName(candidate)) {
      order = candidate;
      return true;
    }
  return false;
}

} // namespace sluice::runtime::opencl
