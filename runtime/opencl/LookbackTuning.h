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
  /// tuning cache's choice, else defaultLookbackMode.
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

/// The channels and steps from which the default mode is the one pass on a
/// device that guarantees forward progress (defaultLookbackMode).
constexpr int64_t kOnePassMinChannels = 8192;
constexpr int64_t kOnePassMinSteps = 1024;

/// The mode of a look-back over `steps` steps of `channels` channels
/// without a forced or tuned one: the one pass (a decoupled look-back,
/// which waits on other work-groups) on a device that guarantees forward
/// progress when channels and steps are at least kOnePassMinChannels and
/// kOnePassMinSteps, else the three passes, which never wait. The one pass
/// reads a block's inputs a second time shortly after the first (partly
/// from L2) and, with its 32-flag look-back window, waits little; on the
/// H200 (benchmarks/NOTES.md "Fifth run") it was 7-15%
/// faster at 8192 channels and T >= 2048 (h = a*h + b (8,8192,1024): 0.354
/// against 0.380 ms at the default chunk; (16,4096,512): 0.191 against
/// 0.220; LinOSS 0.156 against 0.171), 6% slower at T = 512 (0.0433
/// against 0.0409 ms) and 10% slower for Hawk's 4096 channels (2.43
/// against 2.21 ms); with few channels its tiles are a few work-items whose
/// look-backs chain (measured in session 3, before the window: one channel
/// of 2^28, 910 against 531 ms).
LookbackMode defaultLookbackMode(int64_t channels, int64_t steps,
                                 bool forwardProgress);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H
