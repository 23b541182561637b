//===- LookbackTuning.h - The schedule of an OpenCL look-back ---*- C++ -*-===//
//
// What the executor chooses for each Lookback step at run time: the steps
// per lane (the plan's schedule parameter Step::chunkDim, which sizes the
// blocks and their temporaries), the work-group size of its kernels and
// how it runs (three passes or one). A tuning cache entry
// (TuningCache.h) fixes them per device, kernel and size class; without
// one, the default rule below. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H
#define SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H

#include <cstdint>
#include <string>

namespace sluice::runtime::opencl {

/// How Lookback steps run (runtime/opencl/KernelAbi.h).
enum class LookbackMode {
  /// SLUICE_OPENCL_LOOKBACK=onepass or =three-pass when set, else the
  /// tuning cache's choice, else the three passes. The one-pass kernel (a
  /// decoupled look-back) needs a device that guarantees forward progress,
  /// and measured slower on the H200 (h = a*h + b on (8,8192,1024):
  /// 0.39-0.40 ms against 0.38 ms, benchmarks/NOTES.md "Decoupled
  /// look-back"), so it stays opt-in.
  Auto,
  /// The single-pass look-back kernel (three passes for a program without
  /// it).
  OnePass,
  /// Aggregate, carry and apply as three launches; no work-group waits.
  ThreePass,
};

/// "onepass", "three-pass" or "auto".
const char *lookbackModeName(LookbackMode mode);
/// The mode named `name` ("onepass", "three-pass"); false for another.
bool parseLookbackMode(const std::string &name, LookbackMode &mode);

/// The run-time schedule of one Lookback step. 0 (or Auto) in a field of
/// PlanExecutorOptions::lookbackSchedules leaves it to the cache or the
/// default.
struct LookbackSchedule {
  /// Steps per lane (a power of two); only for a step with Step::chunkDim.
  int64_t chunk = 0;
  /// Work-group size asked for its kernels (rounded to the kernel's
  /// preferred multiple and clipped to its limits, as every launch).
  int64_t workGroup = 0;
  LookbackMode mode = LookbackMode::Auto;
};

/// The smallest and largest chunk the default rule and the tuner choose
/// (but for one channel on a GPU: kOneChannelGpuChunk).
constexpr int64_t kMinLookbackChunk = 16;
constexpr int64_t kMaxLookbackChunk = 1024;
/// The default chunk of a one-channel look-back on a GPU (one 32-byte
/// sector of f32 per array and run; defaultLookbackChunk).
constexpr int64_t kOneChannelGpuChunk = 8;
/// Work-items per compute unit that the default rule aims for (an SM of
/// the H200 holds 2048 resident threads).
constexpr int64_t kLookbackItemsPerUnit = 2048;

/// The default chunk of a look-back over `steps` steps of `channels`
/// channels on a device of `computeUnits` compute units: the largest power
/// of two in [16, 1024] whose blocks (ceil(steps / chunk) of `channels`
/// work-items each) still give every compute unit 2048 work-items (16 when
/// none does), raised to the power of two at or above sqrt(steps) (so the
/// carry pass, which walks the blocks one after another, never walks more
/// steps than a chunk), and never above 1024. One channel on a GPU (`gpu`)
/// takes kOneChannelGpuChunk: each work-item then walks a run of its own,
/// so neighbouring work-items' loads fall in different lines, and a short
/// run is one or two 32-byte sectors per array, which stay in L1 for the
/// run (H200, 2^28 steps, h = a*h + b: 8.5 ms at chunk 1024, 4.5 at 16,
/// 3.0 at 8; with 4 channels, T = 2^24, 1024 stays faster).
int64_t defaultLookbackChunk(int64_t steps, int64_t channels,
                             int64_t computeUnits, bool gpu = false);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H
