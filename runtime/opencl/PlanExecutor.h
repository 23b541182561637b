//===- PlanExecutor.h - Runs a plan on an OpenCL device ---------*- C++ -*-===//
//
// The OpenCL counterpart of runtime/cpu/CpuExecutor.h: binds the dims from
// the arguments, uploads them, allocates the plan's buffers from the
// context's pool, launches each step's kernels from a program built from
// the plan's OpenCL source (KernelAbi.h), runs Matmul steps with CLBlast,
// and downloads the results. Pure C++17 over the OpenCL C API.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_PLANEXECUTOR_H
#define SLUICE_RUNTIME_OPENCL_PLANEXECUTOR_H

#include "runtime/Plan.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/LookbackTuning.h"
#include "runtime/Tensor.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class Context;
class Program;

/// How a plan runs on a device.
struct PlanExecutorOptions {
  /// How Lookback steps run (Auto: SLUICE_OPENCL_LOOKBACK, else the
  /// tuning cache, else defaultLookbackMode).
  LookbackMode lookback = LookbackMode::Auto;
  /// Schedules forced on Lookback steps, by the name of the step's
  /// aggregate kernel (Step::body[0]); what they leave at 0 or Auto comes
  /// from the tuning cache or the default (LookbackTuning.h). The tuner's
  /// candidates.
  std::map<std::string, LookbackSchedule> lookbackSchedules;
  /// Whether Lookback steps take their schedule from the tuning cache
  /// (TuningCache::forProcess(): $SLUICE_TUNING_CACHE, else
  /// defaultCacheDirectory()/tuning.json) when an entry matches.
  bool useTuningCache = true;
  /// Called once per Lookback step of the plan (selected or not) with the
  /// schedule the call bound, chunk 0 for a step whose chunk is built into
  /// its kernels (tests, the tuner).
  std::function<void(const Step &, const LookbackSchedule &)> onLookbackSchedule;
  /// The one-pass look-back's work-group size (a tile's items); 0: the
  /// kernel's default work-group (SLUICE_OPENCL_ONEPASS_LOCAL when set).
  int64_t onePassLocalSize = 0;
  /// Work-groups the one-pass look-back launches per compute unit, each
  /// looping over tiles from the ticket; 0: one work-group per tile
  /// (SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT when set). The flag-word one
  /// pass always runs one work-group per tile.
  int64_t onePassGroupsPerUnit = 0;
  /// Consecutive blocks per one-pass tile (its work-group splits into that
  /// many blocks of fewer items; the look-back then goes by tiles and the
  /// first block's work-items walk the tile's carries); 0: 1
  /// (SLUICE_OPENCL_ONEPASS_SUBBLOCKS when set). The register tile runs
  /// one block per tile (its argument is then the parts of a block), the
  /// flag-word one pass too (it has no such argument).
  int64_t onePassSubBlocks = 0;
  /// The fanout of the look-back's carry tree (CarryTree.h): 0 chooses it
  /// (SLUICE_OPENCL_CARRY_FANOUT when set, else by chooseCarryTree's cost),
  /// 1 walks the carries serially, >= 2 forces that fanout (tests).
  int64_t carryFanout = 0;
  /// The parallelism per-thread step guards (Step::guardPerThread) are
  /// scaled by; 0: the device's compute units.
  int64_t parallelism = 0;
  /// The most work-items one launch has: a kernel over more runs as several
  /// launches, each with its own `first` (KernelAbi.h).
  int64_t maxItemsPerLaunch = int64_t(1) << 30;
  /// A program built with 32-bit indices (KernelAbi.h) runs a call only
  /// while its dims and buffers stay below this; else the same source built
  /// with 64-bit ones (IndexWidth.h). Tests lower it.
  int64_t narrowIndexLimit = kNarrowIndexLimit;
  /// Waits for every launch before the next (a failure while a kernel runs
  /// then names it; slower). Otherwise launches are queued and the call
  /// waits once, before downloading the results.
  bool synchronous = false;
  /// Benchmark hooks (sluice-run --bench, driver/ArtifactBench.h). When
  /// beforeLaunches is set, every argument is uploaded first, then it is
  /// called once before the first launch (it may enqueue commands, e.g. a
  /// cache flush and a timestamp); afterLaunches is called once after the
  /// last launch, before the wait and the downloads.
  std::function<void()> beforeLaunches;
  std::function<void()> afterLaunches;
};

/// Runs `plan` with `args` (inputs then params) on `context`'s device, its
/// kernels taken from `program` (built from the plan's OpenCL source), and
/// returns the results. Throws BindError for arguments that do not fit and
/// Error for OpenCL failures (naming the step's kernel), for a one-pass
/// look-back tile that waited too long for its predecessor, and for a
/// SLUICE_OPENCL_LOOKBACK other than `onepass`, `three-pass`,
/// `onepass-tile`, `onepass-words`, `walk`, `walk-pairs` or `onepass-rows`. Thread-safe for distinct calls on one
/// context (the flag-word one pass's word buffers are the context's,
/// LookbackWords.h).
std::vector<Tensor> executeOnOpencl(Context &context, const Plan &plan,
                                    const std::shared_ptr<const Program> &program,
                                    const std::vector<Tensor> &args,
                                    const PlanExecutorOptions &options = {});

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_PLANEXECUTOR_H
