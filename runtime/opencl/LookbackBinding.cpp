//===- LookbackBinding.cpp - Each Lookback step's schedule, bound ---------===//

#include "runtime/opencl/LookbackBinding.h"

#include "runtime/Tensor.h"
#include "runtime/opencl/Device.h"
#include "runtime/opencl/ExecutorEnvironment.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/TuningCache.h"

#include <algorithm>
#include <optional>

namespace sluice::runtime::opencl {

bool narrowStorage(const Step &step, const std::vector<BufferSpec> &buffers) {
  for (const Step &kernel : step.body)
    for (int32_t b : kernel.buffers)
      if (b >= 0 && static_cast<size_t>(b) < buffers.size() &&
          dtypeSize(buffers[b].dtype) < 4)
        return true;
  return false;
}

void bindLookbackSchedules(const std::vector<Step> &steps,
                           const std::vector<BufferSpec> &buffers,
                           const PlanExecutorOptions &options,
                           const DeviceInfo &device, const Program *program,
                           std::vector<int64_t> &dims,
                           LookbackBinding &binding) {
  auto programHas = [&](const std::string &name) {
    return program && program->hasKernel(name);
  };
  for (const Step &step : steps) {
    if (step.kind == Step::Kind::Loop)
      bindLookbackSchedules(step.body, buffers, options, device, program, dims,
                            binding);
    if (step.kind != Step::Kind::Lookback || step.body.empty())
      continue;
    const std::string &kernel = step.body[0].name;
    LookbackSchedule s;
    if (auto forced = options.lookbackSchedules.find(kernel);
        forced != options.lookbackSchedules.end())
      s = forced->second;
    if (s.mode == LookbackMode::Auto)
      s.mode = options.lookback;
    if (s.mode == LookbackMode::Auto)
      s.mode = lookbackFromEnvironment();
    if (s.chunk <= 0)
      s.chunk = chunkFromEnvironment();
    int64_t channels = 1, length = 1, stepStride = 0;
    try {
      channels = step.blockItems.evaluate(dims);
      length = step.scanSteps.evaluate(dims);
      stepStride = step.stepStride.evaluate(dims);
    } catch (const SizeOverflow &) {
      // checkBufferSizes names the size that overflows.
    }
    bool chunked =
        step.chunkDim >= 0 && static_cast<size_t>(step.chunkDim) < dims.size();
    if (options.useTuningCache &&
        ((chunked && s.chunk <= 0) || s.workGroup <= 0 ||
         s.mode == LookbackMode::Auto)) {
      TuningKey key{
          tuningDeviceKey(device),
          tuningKernelKey(kernel, program ? program->sourceHash() : ""),
          tuningSizeClass(channels, length, stepStride)};
      if (std::optional<TuningEntry> entry =
              TuningCache::forProcess().find(key)) {
        if (s.chunk <= 0)
          s.chunk = entry->schedule.chunk;
        if (s.workGroup <= 0)
          s.workGroup = entry->schedule.workGroup;
        if (s.mode == LookbackMode::Auto)
          s.mode = entry->schedule.mode;
      }
    }
    // A scan whose aggregate kernel reads one buffer (its forcing) or one
    // of 16-bit data moves few bytes a step (defaultLookbackMode,
    // defaultLookbackChunk).
    bool fewBytesAStep = step.body[0].buffers.size() <= 2 ||
                         narrowStorage(step, buffers);
    // The steps a work-item holds in the walk and the row one pass (the
    // plan's, KernelAbi.h).
    int64_t walkSteps = walkPartSteps(step), rowsSteps = rowsPartSteps(step);
    // (The tile, the flag-word one pass and the walk need their kernels,
    // for a scan of one state, and a run-time chunk; the flag-word one
    // pass runs only at its own chunk and the walk only at one made of
    // its parts, so neither where another is forced.)
    if (s.mode == LookbackMode::Auto)
      s.mode = defaultLookbackMode(
          channels, length, device.forwardProgress,
          chunked && programHas(onePassTileKernelName(kernel)),
          chunked && programHas(onePassWordsKernelName(kernel)) &&
              (s.chunk <= 0 || s.chunk == kOnePassWordsSteps),
          chunked &&
              (s.chunk <= 0 || (s.chunk % walkSteps == 0 &&
                                s.chunk / walkSteps <= kOnePassTileItems)) &&
              programHas(walkKernelName(kernel)),
          device.computeUnits,
          rowsLeaveTheItemOrder(
              stepStride == 1, channels,
              programHas(rowsKernelName(step.body[0].name)) &&
                  programHas(rowsKernelName(step.body[2].name)),
              itemOrderFromEnvironment(),
              sizeFromEnvironment("SLUICE_OPENCL_ROWS_MIN_CHANNELS")),
          fewBytesAStep,
          /*rowKernel=*/chunked && stepStride == 1 &&
              programHas(onePassRowsKernelName(kernel)) &&
              (s.chunk <= 0 ||
               (s.chunk % rowsSteps == 0 &&
                s.chunk / rowsSteps >= kOnePassRowsMinItems &&
                s.chunk / rowsSteps <= onePassRowsMaxParts(rowsSteps))),
          /*walkPairs=*/programHas(walkPairsKernelName(kernel)));
    bool tile = s.mode == LookbackMode::OnePassTile;
    bool words = s.mode == LookbackMode::OnePassWords;
    // (The pair walk where the program has it, else the plain walk.)
    if (s.mode == LookbackMode::WalkPairs &&
        !programHas(walkPairsKernelName(kernel)))
      s.mode = LookbackMode::Walk;
    bool walk =
        s.mode == LookbackMode::Walk || s.mode == LookbackMode::WalkPairs;
    bool fewChannels = walkWithFewChannels(channels, device.computeUnits);
    bool rowsOnePass = s.mode == LookbackMode::OnePassRows;
    if (!chunked)
      s.chunk = 0;
    else if (s.chunk <= 0)
      s.chunk =
          walk          ? (fewChannels ? kWalkFewParts : kWalkParts) * walkSteps
          : tile        ? kTileChunk
          : words       ? kOnePassWordsSteps
          : rowsOnePass ? kRowsOnePassChunk
                        : defaultLookbackChunk(length, channels,
                                               device.computeUnits,
                                               device.type == "GPU", stepStride,
                                               /*wideSteps=*/!fewBytesAStep);
    // (The row one pass's work-group is its block's parts.)
    if (s.workGroup <= 0)
      s.workGroup = walk            ? (fewChannels ? kWalkFewWorkGroup
                                                   : kWalkWorkGroup)
                    : tile || words ? kTileWorkGroup
                    : rowsOnePass && s.chunk > 0
                        ? std::max<int64_t>(s.chunk / rowsSteps, 1)
                        : static_cast<int64_t>(kPreferredLocalSize);
    if (chunked)
      dims[step.chunkDim] = s.chunk;
    for (const Step &k : step.body)
      binding.preferredLocal[k.name] = static_cast<size_t>(s.workGroup);
    binding.preferredLocal[onePassKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    binding.preferredLocal[onePassTileKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    binding.preferredLocal[onePassWordsKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    binding.preferredLocal[walkKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    binding.preferredLocal[walkPairsKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    binding.preferredLocal[onePassRowsKernelName(kernel)] =
        static_cast<size_t>(s.workGroup);
    for (const Step *pass : {&step.body[0], &step.body[2]})
      binding.preferredLocal[rowsKernelName(pass->name)] =
          static_cast<size_t>(s.workGroup);
    binding.schedules[kernel] = s;
    if (options.onLookbackSchedule)
      options.onLookbackSchedule(step, s);
  }
}

} // namespace sluice::runtime::opencl
