//===- ScanSchedule.h - How each sl.scan runs on a target -------*- C++ -*-===//
//
// The decisions of `sl-schedule` (passes/SlSchedule.cpp), as a small library
// the pass, the driver (to check `--schedule` early) and the code generator
// (for a scan nobody scheduled, e.g. hand-written IR) share. A schedule is a
// typed `#sl.schedule` (ir/SluiceAttrs.td) built from the target's numbers
// (codegen/TargetInfo.h) and the user's override; the code generator lowers
// it and decides nothing itself.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_PASSES_SCANSCHEDULE_H
#define SLUICE_PASSES_SCANSCHEDULE_H

#include "codegen/TargetInfo.h"
#include "ir/SluiceOps.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlir {
class Pass;
} // namespace mlir

namespace sluice {

/// What `sl-schedule` is asked: the target, the threads the guard assumes,
/// and what the user forces (`--schedule strategy=...,chunk=...`).
struct ScheduleOptions {
  /// The target whose numbers (TargetInfo) the schedules take.
  sl::ScheduleTarget target = sl::ScheduleTarget::cpu;
  /// CPU only: 0 (the default) leaves the channel guard per thread, counted
  /// by the runtime when a call runs (an embedder's task arena counts, the
  /// compiling machine's cores do not); N > 0 fixes it at N x the
  /// per-thread channels. OpenCL guards always scale with the device's
  /// compute units.
  int threads = 0;
  /// The strategy to force on every scan; none: the cost model chooses.
  std::optional<sl::ScanStrategy> strategy;
  /// Steps of T per look-back block (lanes x lane steps) to force; 0: the
  /// target's. Must be a multiple of the target's lanes.
  int64_t chunk = 0;
};

/// The numbers of `target` (TargetInfo::cpu() or TargetInfo::opencl()).
codegen::TargetInfo targetInfoFor(sl::ScheduleTarget target);

/// The schedule target `info` describes (by TargetInfo::name).
sl::ScheduleTarget scheduleTargetOf(const codegen::TargetInfo &info);

/// Reads the `--schedule` text, `strategy=channel_parallel|lookback|auto`
/// and/or `chunk=N` separated by commas, into `options` (its target and
/// threads are kept). Returns an error message naming the bad key or
/// value, or "" on success.
std::string parseScheduleSpec(const std::string &spec, ScheduleOptions &options);

/// Reads a strategy's name (`channel_parallel`, `lookback`, `auto`; also
/// `chunked`, the old name of `lookback`). Returns none for another name.
std::optional<sl::ScanStrategy> parseScanStrategy(const std::string &name);

/// Checks `options` against its target (the chunk is a positive multiple
/// of the target's lanes, the thread count not negative). Returns an error
/// message (without a prefix: "chunk=100 is not ..."), or "" when they are
/// usable.
std::string checkScheduleOptions(const ScheduleOptions &options);

/// The schedule of `scan` under `options` (which must pass
/// checkScheduleOptions). The cost model: both strategies in the plan,
/// channel-parallel chosen per call from TargetInfo::channelParallelPerUnit
/// channels per unit of parallelism, else look-back over blocks of
/// TargetInfo::lookbackLanes x TargetInfo::laneSteps steps; a scan read only
/// through a sum or mean of its state is fused with it where the target
/// fuses them and the look-back is not forced.
sl::ScheduleAttr chooseScanSchedule(sl::ScanOp scan,
                                    const ScheduleOptions &options);

/// The one element-wise op that reads `sum` (an sl.reduce's result), when
/// it has the sum's shape and reads it once, else null: an epilogue a
/// fused scan+sum kernel can compute where it stores the sum
/// (`#sl.schedule`'s fuse_epilogue; the code generator checks the rest).
mlir::Operation *elementwiseReaderOfSum(mlir::Value sum);

/// The `sl-schedule` pass with `options`.
std::unique_ptr<mlir::Pass> createSlSchedulePass(const ScheduleOptions &options);

} // namespace sluice

#endif // SLUICE_PASSES_SCANSCHEDULE_H
