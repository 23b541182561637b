//===- PlanCallOnePass.cpp - A call's single-pass look-back launches ------===//
//
// The launches of a Lookback step that run in one kernel (KernelAbi.h): the
// plain one pass, its register tile, the row one pass and the flag-word one
// pass (tiles from a ticket, each waiting on its predecessors' flags or
// words), and the channel-group walk (a work-group per group of channels,
// no wait); each returns false where its kernel cannot run, and the call
// then runs the three passes (PlanExecutor.cpp).
//
//===----------------------------------------------------------------------===//

#include "runtime/opencl/PlanCall.h"

#include "runtime/opencl/ExecutorEnvironment.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/OpenclError.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace sluice::runtime::opencl::detail {

int64_t Call::tileParts(const Step &step) {
  if (step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
    return 0;
  auto schedule = binding.schedules.find(step.body[0].name);
  if (!onePassTileRequested() &&
      (schedule == binding.schedules.end() ||
       schedule->second.mode != LookbackMode::OnePassTile))
    return 0;
  int64_t chunk = dims[step.chunkDim];
  if (chunk % kOnePassTileSteps != 0 ||
      chunk / kOnePassTileSteps > kOnePassTileItems ||
      !programHas(onePassTileKernelName(step.body[0].name)))
    return 0;
  return chunk / kOnePassTileSteps;
}

int64_t Call::rowsParts(const Step &step) {
  if (step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
    return 0;
  auto schedule = binding.schedules.find(step.body[0].name);
  if (schedule == binding.schedules.end() ||
      schedule->second.mode != LookbackMode::OnePassRows)
    return 0;
  int64_t chunk = dims[step.chunkDim];
  int64_t steps = rowsPartSteps(step), parts = chunk / steps;
  if (chunk % steps != 0 || parts < kOnePassRowsMinItems ||
      parts > onePassRowsMaxParts(steps))
    return 0;
  std::optional<Step> rows =
      onePassStep(step, onePassRowsKernelName(step.body[0].name));
  if (!rows)
    return 0;
  const CallKernel &entry = kernelOf(*rows);
  auto most = static_cast<int64_t>(entry.mostLocal);
  auto required = static_cast<int64_t>(entry.requiredLocal);
  if ((most > 0 && parts > most) || (required > 0 && required != parts))
    return 0;
  return parts;
}

std::optional<Step> Call::onePassStep(const Step &lookback,
                                      const std::string &name) {
  if (!programHas(name))
    return std::nullopt;
  Step kernel;
  kernel.name = name;
  kernel.buffers = lookbackOnePassBuffers(lookback);
  return kernel;
}

bool Call::wantsOnePass(const Step &step) {
  auto found = binding.schedules.find(step.body[0].name);
  return found != binding.schedules.end() && isOnePass(found->second.mode);
}

void Call::zero(const Buffer &buffer, size_t bytes, const std::string &what) {
  cl_int zeroValue = 0;
  check(clEnqueueFillBuffer(context.queue(), buffer.handle(), &zeroValue,
                            sizeof(zeroValue), 0, bytes, 0, nullptr, nullptr),
        "clEnqueueFillBuffer", what);
}

bool Call::runOnePass(const Step &step, int64_t blocks, int64_t per) {
  std::optional<Step> found =
      onePassStep(step, onePassKernelName(step.body[0].name));
  if (!found)
    return false;
  Step &onePass = *found;
  // The row kernel or the register tile where the chunk is made of
  // their parts (rowsParts, tileParts).
  int64_t rowParts = rowsParts(step);
  int64_t parts = rowParts > 0 ? 0 : tileParts(step);
  bool tile = parts > 0;
  if (rowParts > 0)
    onePass.name = onePassRowsKernelName(step.body[0].name);
  if (tile) {
    // A work-group holds whole channels (all parts of each): where the
    // kernel cannot take `parts` work-items, or requires a size they do
    // not divide, the other kernel runs.
    Step tileStep = onePass;
    tileStep.name = onePassTileKernelName(step.body[0].name);
    tile = partsLocal(kernelOf(tileStep), parts, per) > 0;
    if (tile)
      onePass.name = tileStep.name;
  }
  CallKernel &entry = kernelOf(onePass);
  int64_t local = onePassLocal(entry);
  // A tile of subBlocks consecutive blocks of span = local / subBlocks
  // items each (a work-group size that subBlocks does not divide, or
  // fewer items than span: one block). The register tile: one block of
  // span items, each in `parts` parts, its kernel's subBlocks argument.
  int64_t subBlocks =
      options.onePassSubBlocks > 0
          ? options.onePassSubBlocks
          : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_SUBBLOCKS");
  int64_t tileBlocks = 1;
  if (rowParts > 0) { // one channel a tile, a work-item a part
    subBlocks = rowParts;
    local = rowParts;
  } else if (tile) {
    subBlocks = parts;
    local = partsLocal(entry, parts, per);
  } else {
    if (subBlocks <= 1 || local % subBlocks != 0 || per < local / subBlocks)
      subBlocks = 1;
    if (subBlocks == 1 && per < local) // few items: one block just big enough
      local = std::min(
          local, roundUp(per, static_cast<int64_t>(entry.preferredMultiple)));
    tileBlocks = subBlocks;
  }
  int64_t span = local / subBlocks;
  int64_t groups = (per + span - 1) / span, tiles;
  if (!multiplySizes((blocks + tileBlocks - 1) / tileBlocks, groups, tiles) ||
      tiles > (int64_t(1) << 30))
    throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                plan.model + "': " + std::to_string(blocks) + " blocks of " +
                std::to_string(groups) +
                " work-groups: more tiles than an int flag counts");
  std::string what =
      "kernel '" + onePass.name + "' of model '" + plan.model + "'";
  auto flagBytes = static_cast<size_t>(tiles) * sizeof(cl_int);
  if (!flags || flags.bytes() < flagBytes) {
    if (flags) // a queued launch may still use it
      retired.push_back(std::move(flags));
    flags =
        context.buffers().allocate(flagBytes, "the look-back flags of " + what);
  }
  Buffer &status = statusOf(onePass.name, what);
  zero(flags, flagBytes, what);
  std::vector<KernelArg> kernelArgs = onePassArgs(onePass, blocks, per, what);
  kernelArgs.push_back(KernelArg::ofInt64(subBlocks));
  kernelArgs.push_back(KernelArg::ofBuffer(flags.handle()));
  kernelArgs.push_back(KernelArg::ofBuffer(ticket.handle()));
  kernelArgs.push_back(KernelArg::ofInt32(1)); // the epoch
  kernelArgs.push_back(KernelArg::ofBuffer(status.handle()));
  // One work-group per tile, or a few per compute unit that loop over
  // the tiles (fewer tiles in flight, so less data between a tile's
  // aggregate and its apply; on the H200 that did not make the one pass
  // faster: benchmarks/NOTES.md "Decoupled look-back").
  int64_t perUnit =
      options.onePassGroupsPerUnit > 0
          ? options.onePassGroupsPerUnit
          : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT");
  int64_t workGroups = tiles;
  if (perUnit > 0)
    workGroups = std::min(
        tiles, perUnit * std::max<int64_t>(1, context.device().computeUnits));
  launchTiles(entry, onePass.name, kernelArgs, workGroups, local);
  return true;
}

int64_t Call::partsLocal(const CallKernel &entry, int64_t parts, int64_t per) {
  auto most = static_cast<int64_t>(entry.mostLocal);
  auto required = static_cast<int64_t>(entry.requiredLocal);
  if ((most > 0 && parts > most) || parts > kOnePassTileItems ||
      (required > 0 && (required % parts || required > kOnePassTileItems)))
    return 0;
  int64_t local =
      std::max<int64_t>(
          std::min(onePassLocal(entry), kOnePassTileItems) / parts, 1) *
      parts;
  if (required == 0 && per < local / parts) // few items: a short span
    local = std::min(
        local,
        roundUp(per, static_cast<int64_t>(entry.preferredMultiple)) * parts);
  return local;
}

void Call::launchTiles(CallKernel &entry, const std::string &name,
                       std::vector<KernelArg> kernelArgs, int64_t workGroups,
                       int64_t local, bool numbered) {
  int64_t perLaunch = std::max<int64_t>(1, maxItemsPerLaunch / local);
  for (int64_t done = 0; done < workGroups; done += perLaunch) {
    if (numbered)
      kernelArgs.back() = KernelArg::ofInt64(done);
    int64_t launched = std::min(perLaunch, workGroups - done);
    entry.kernel->launch(context.queue(), kernelArgs,
                         {static_cast<size_t>(launched * local)},
                         {static_cast<size_t>(local)}, options.synchronous);
    lastLaunched = name;
  }
}

bool Call::runOnePassWords(const Step &step, int64_t blocks, int64_t per) {
  if (chunkIn(step, LookbackMode::OnePassWords) != kOnePassWordsSteps)
    return false;
  std::optional<Step> found =
      onePassStep(step, onePassWordsKernelName(step.body[0].name));
  if (!found)
    return false;
  const Step &words = *found;
  CallKernel &entry = kernelOf(words);
  int64_t local = onePassLocal(entry);
  if (entry.requiredLocal == 0 && per < local) // few items: a short tile
    local = std::min(
        local, roundUp(per, static_cast<int64_t>(entry.preferredMultiple)));
  int64_t groups = (per + local - 1) / local, tiles, items;
  std::string what =
      "kernel '" + words.name + "' of model '" + plan.model + "'";
  if (!multiplySizes(blocks, groups, tiles) || tiles > (int64_t(1) << 30) ||
      !multiplySizes(blocks, per, items) ||
      items > std::numeric_limits<int64_t>::max() / 8 / kAggregateWordsPerItem)
    throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                plan.model + "': " + std::to_string(blocks) + " blocks of " +
                std::to_string(per) + " items: more tiles or words than " +
                what + " counts");
  LookbackWords::Run run = context.lookbackWords().next(
      context.buffers(), context.queue(),
      static_cast<size_t>(items * 8 * kAggregateWordsPerItem),
      static_cast<size_t>(items * 8 * kCarryWordsPerItem), what);
  wordRuns.push_back(run);
  Buffer &status = statusOf(words.name, what);
  std::vector<KernelArg> kernelArgs = onePassArgs(words, blocks, per, what);
  kernelArgs.push_back(KernelArg::ofBuffer(ticket.handle()));
  kernelArgs.push_back(KernelArg::ofInt32(run.epoch));
  kernelArgs.push_back(KernelArg::ofBuffer(status.handle()));
  kernelArgs.push_back(KernelArg::ofBuffer(run.aggregateWords->handle()));
  kernelArgs.push_back(KernelArg::ofBuffer(run.carryWords->handle()));
  // One work-group per tile.
  launchTiles(entry, words.name, kernelArgs, tiles, local);
  return true;
}

int64_t Call::chunkIn(const Step &step, LookbackMode mode) {
  auto schedule = binding.schedules.find(step.body[0].name);
  if (schedule == binding.schedules.end() || schedule->second.mode != mode ||
      step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
    return 0;
  return dims[step.chunkDim];
}

bool Call::runWalk(const Step &step, int64_t blocks, int64_t per) {
  int64_t chunk = chunkIn(step, LookbackMode::WalkPairs);
  bool pairs = chunk > 0;
  if (!pairs)
    chunk = chunkIn(step, LookbackMode::Walk);
  int64_t steps = walkPartSteps(step);
  if (chunk <= 0 || chunk % steps != 0)
    return false;
  const std::string &aggregate = step.body[0].name;
  std::optional<Step> found = onePassStep(
      step, pairs ? walkPairsKernelName(aggregate) : walkKernelName(aggregate));
  if (!found)
    return false;
  const Step &walk = *found;
  CallKernel &entry = kernelOf(walk);
  int64_t parts = chunk / steps;
  // Whole channels (all parts of each) a work-group; the pair walk's
  // work-items take two channels each.
  int64_t units = pairs ? (per + 1) / 2 : per;
  int64_t local = partsLocal(entry, parts, units);
  if (local == 0)
    return false;
  int64_t span = local / parts, groups = (units + span - 1) / span;
  std::vector<KernelArg> kernelArgs = bufferAndDimArgs(walk.buffers);
  kernelArgs.push_back(KernelArg::ofInt64(blocks));
  kernelArgs.push_back(KernelArg::ofInt64(per));
  kernelArgs.push_back(KernelArg::ofInt64(parts));
  kernelArgs.push_back(KernelArg::ofInt64(0)); // firstGroup, per launch
  launchTiles(entry, walk.name, std::move(kernelArgs), groups, local,
              /*numbered=*/true);
  return true;
}

int64_t Call::onePassLocal(const CallKernel &entry) {
  auto local = static_cast<int64_t>(entry.localSize);
  int64_t asked = options.onePassLocalSize > 0
                      ? options.onePassLocalSize
                      : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_LOCAL");
  auto most = static_cast<int64_t>(entry.mostLocal);
  if (asked > 0 && entry.requiredLocal == 0)
    local = most > 0 ? std::min(asked, most) : asked;
  return local;
}

std::vector<KernelArg> Call::onePassArgs(const Step &kernel, int64_t blocks,
                                         int64_t items,
                                         const std::string &what) {
  if (!ticket)
    ticket = context.buffers().allocate(sizeof(cl_int),
                                        "the look-back ticket of " + what);
  zero(ticket, sizeof(cl_int), what);
  std::vector<KernelArg> kernelArgs = bufferAndDimArgs(kernel.buffers);
  kernelArgs.push_back(KernelArg::ofInt64(blocks));
  kernelArgs.push_back(KernelArg::ofInt64(items));
  return kernelArgs;
}

Buffer &Call::statusOf(const std::string &name, const std::string &what) {
  auto status = onePassStatus.find(name);
  if (status == onePassStatus.end()) {
    status = onePassStatus
                 .emplace(name, context.buffers().allocate(
                                    sizeof(cl_int),
                                    "the look-back status of " + what))
                 .first;
    zero(status->second, sizeof(cl_int), what);
  }
  return status->second;
}

} // namespace sluice::runtime::opencl::detail
