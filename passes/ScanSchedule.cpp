//===- ScanSchedule.cpp - How each sl.scan runs on a target ---------------===//

#include "passes/ScanSchedule.h"
#include "passes/FusionRules.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;

namespace sluice {

codegen::TargetInfo targetInfoFor(sl::ScheduleTarget target) {
  return target == sl::ScheduleTarget::opencl ? codegen::TargetInfo::opencl()
                                              : codegen::TargetInfo::cpu();
}

sl::ScheduleTarget scheduleTargetOf(const codegen::TargetInfo &info) {
  return info.name == "opencl" ? sl::ScheduleTarget::opencl
                               : sl::ScheduleTarget::cpu;
}

std::optional<sl::ScanStrategy> parseScanStrategy(const std::string &name) {
  if (name == "chunked") // the name --scan-strategy has always used
    return sl::ScanStrategy::lookback;
  return sl::symbolizeScanStrategy(name);
}

std::string parseScheduleSpec(const std::string &spec,
                              ScheduleOptions &options) {
  if (llvm::StringRef(spec).trim().empty())
    return "--schedule: empty (expected strategy=channel_parallel|lookback|"
           "auto and/or chunk=N, separated by commas)";
  llvm::SmallVector<llvm::StringRef> items;
  llvm::StringRef(spec).split(items, ',');
  bool sawStrategy = false, sawChunk = false;
  for (llvm::StringRef item : items) {
    auto [key, value] = item.split('=');
    key = key.trim();
    value = value.trim();
    if (!item.contains('=') || value.empty())
      return "--schedule: '" + item.str() +
             "' is not KEY=VALUE (keys: strategy, chunk)";
    if (key == "strategy") {
      if (sawStrategy)
        return "--schedule: strategy given twice";
      sawStrategy = true;
      options.strategy = parseScanStrategy(value.str());
      if (!options.strategy)
        return "--schedule: unknown strategy '" + value.str() +
               "' (expected channel_parallel, lookback or auto)";
    } else if (key == "chunk") {
      if (sawChunk)
        return "--schedule: chunk given twice";
      sawChunk = true;
      int64_t chunk = 0;
      if (value.getAsInteger(10, chunk) || chunk < 1)
        return "--schedule: chunk '" + value.str() +
               "' is not a positive whole number of steps";
      options.chunk = chunk;
    } else {
      return "--schedule: unknown key '" + key.str() +
             "' (expected strategy or chunk)";
    }
  }
  return "";
}

std::string checkScheduleOptions(const ScheduleOptions &options) {
  codegen::TargetInfo target = targetInfoFor(options.target);
  if (options.threads < 0)
    return "threads must not be negative (got " +
           std::to_string(options.threads) + ")";
  if (options.chunk < 0)
    return "chunk must be positive (got " +
           std::to_string(options.chunk) + ")";
  if (options.chunk % target.lookbackLanes != 0)
    return "chunk=" + std::to_string(options.chunk) +
           " is not a multiple of the " + target.name +
           " target's look-back lanes (" +
           std::to_string(target.lookbackLanes) +
           "): a block is lanes x lane steps";
  if (options.chunk > (int64_t(1) << 40))
    return "chunk=" + std::to_string(options.chunk) +
           " is longer than 2^40 steps";
  return "";
}

namespace {
/// A reduction a target can fuse the scan with: the scan's one state is
/// read only by a sum or mean over a dim other than the scan axis, directly
/// or through one op of the state's shape. The code generator checks the
/// rest (fusion on, the op computable inside the kernel, the group's size).
bool readOnlyBySumOfState(sl::ScanOp scan) {
  if (scan.getStateSize() != 1 || scan.getExclusive() || scan.getAxis() == -1)
    return false;
  Value state = scan.getResult(0);
  if (!state.hasOneUse())
    return false;
  Operation *user = *state.getUsers().begin();
  if (!isa<sl::ReduceOp>(user)) {
    if (user->getNumResults() != 1 ||
        user->getResult(0).getType() != state.getType() ||
        !user->getResult(0).hasOneUse() ||
        llvm::count(user->getOperands(), state) != 1)
      return false;
    user = *user->getResult(0).getUsers().begin();
  }
  auto reduce = dyn_cast<sl::ReduceOp>(user);
  if (!reduce || (reduce.getKind() != sl::ReduceKind::sum &&
                  reduce.getKind() != sl::ReduceKind::mean))
    return false;
  int64_t rank = cast<RankedTensorType>(state.getType()).getRank();
  return static_cast<int64_t>(reduce.getAxis()) !=
         sl::absoluteAxis(scan.getAxis(), rank);
}
/// Whether the sum of a scan that readOnlyBySumOfState accepted has an
/// elementwiseReaderOfSum.
bool sumHasElementwiseEpilogue(sl::ScanOp scan) {
  Operation *user = *scan.getResult(0).getUsers().begin();
  if (!isa<sl::ReduceOp>(user))
    user = *user->getResult(0).getUsers().begin();
  return elementwiseReaderOfSum(cast<sl::ReduceOp>(user).getResult());
}
} // namespace

Operation *elementwiseReaderOfSum(Value sum) {
  if (!sum.hasOneUse())
    return nullptr;
  Operation *reader = *sum.getUsers().begin();
  bool fits = isElementwise(reader) && !isa<sl::BroadcastOp>(reader) &&
              reader->getNumResults() == 1 &&
              reader->getResult(0).getType() == sum.getType() &&
              llvm::count(reader->getOperands(), sum) == 1;
  return fits ? reader : nullptr;
}

sl::ScheduleAttr chooseScanSchedule(sl::ScanOp scan,
                                    const ScheduleOptions &options) {
  codegen::TargetInfo target = targetInfoFor(options.target);
  int64_t lanes = target.lookbackLanes;
  int64_t laneSteps = options.chunk > 0 ? options.chunk / lanes : target.laneSteps;
  sl::ScanStrategy strategy =
      options.strategy.value_or(sl::ScanStrategy::automatic);
  bool fuse = (target.fuseScanReductions || target.groupScanReductions) &&
              strategy != sl::ScanStrategy::lookback &&
              readOnlyBySumOfState(scan);
  bool fuseEpilogue =
      fuse && target.fuseScanEpilogues && sumHasElementwiseEpilogue(scan);
  // Channel-parallel once every unit of parallelism gets a few full tiles
  // of channels (a group kernel, more: TargetInfo::groupKernelPerUnit; a
  // coupled k x k map, fewer on OpenCL: coupledChannelParallelPerUnit),
  // counted when a call runs (a thread count fixed at compile time makes
  // the guard absolute).
  // Channels next to each other in memory (dims after the scan axis):
  // the walk's SIMD lanes are channels, the look-back's lanes stride.
  bool coupled = scan.getStateSize() > 1 && !scan.isDiagonal();
  bool strided =
      scan.getAxis() != -1 && target.stridedChannelParallelPerUnit > 0;
  int64_t perUnitChannels = fuse && target.groupScanReductions
                                ? target.groupKernelPerUnit
                            : strided ? target.stridedChannelParallelPerUnit
                            : coupled ? target.coupledChannelParallelPerUnit
                                      : target.channelParallelPerUnit;
  int64_t threshold = 0, minSteps = 0;
  bool perUnit = false;
  if (strategy == sl::ScanStrategy::automatic) {
    perUnit = options.target == sl::ScheduleTarget::opencl || options.threads <= 0;
    threshold = perUnit ? perUnitChannels
                        : int64_t(options.threads) * perUnitChannels;
    // Few steps: the walk of T, whatever the channel count. A forced
    // chunk (`--schedule chunk=N`) sets the look-back's block itself: no
    // guard on the steps then.
    if (options.chunk == 0)
      minSteps =
          coupled ? target.coupledLookbackMinSteps : target.lookbackMinSteps;
  }
  // The target may leave the chunk to the run time (OpenCL: the tuning
  // cache); a forced chunk fixes it.
  bool runtimeChunk = target.runtimeLaneSteps && options.chunk == 0 &&
                      strategy != sl::ScanStrategy::channel_parallel;
  return sl::ScheduleAttr::get(scan.getContext(), options.target, strategy,
                               lanes, laneSteps, threshold, perUnit, fuse,
                               fuseEpilogue, runtimeChunk, minSteps);
}

} // namespace sluice
