//===- Tuner.h - Tuning the look-back schedules of a plan -------*- C++ -*-===//
//
// `sluice tune` and `sluice-run --tune`: for every Lookback step of a plan
// that runs at the given inputs, tries schedules (LookbackTuning.h: chunk
// in powers of two, work-group 64, 128 or 256, three passes or, on a
// device with forward progress, one) on the device, times each call with
// DeviceTimer (L2 flushed, profiling timestamps; the median of a few),
// checks its results against the default schedule's, and stores the
// fastest that matches in a TuningCache, which the executor then reads.
// The other steps keep their default schedules meanwhile. Needs no
// compiler: the chunk is a run-time parameter of the plan. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_TUNER_H
#define SLUICE_RUNTIME_OPENCL_TUNER_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/LookbackTuning.h"
#include "runtime/opencl/TuningCache.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class Context;
class Program;
struct DeviceInfo;

/// How the tuner searches.
struct TuneOptions {
  /// Candidates sampled from the grid (seeded by `seed`) besides the
  /// default; 0: the whole grid.
  int random = 0;
  uint64_t seed = 0;
  /// Timed calls per candidate (after one untimed call whose results are
  /// checked); the median counts.
  int runs = 3;
  /// A candidate's results must be within `tolerance` times the largest
  /// finite magnitude of the default's results (per result, looser for
  /// 16-bit results: compareTunedResults).
  double tolerance = 1e-3;
  /// Whether one-pass schedules are candidates (on forward-progress
  /// devices). Off unless SLUICE_TUNE_ONEPASS=1: the one pass measured
  /// slower on the H200 in every configuration, and a tuning run with it
  /// there did not finish in 10 minutes (benchmarks/NOTES.md, third run).
  bool onePass = false;
};

/// One candidate's outcome.
struct TunedCandidate {
  LookbackSchedule schedule;
  double milliseconds = 0;
  bool matches = false;  ///< ran, and its results matched the default's
  bool isDefault = false;
  std::string problem;   ///< why it failed or did not match
};

/// One tuned Lookback step.
struct TunedStep {
  std::string kernel; ///< its aggregate kernel (Step::body[0].name)
  TuningKey key;
  int64_t channels = 0, steps = 0;
  /// False when the step does not run at these shapes (its guard chose the
  /// channel-parallel scan): nothing was tried or stored.
  bool runs = true;
  std::vector<TunedCandidate> candidates; ///< the default first
  size_t winner = 0;                      ///< index into candidates
};

/// The schedules tried for a step over `steps` steps on `device`: the
/// default first, then the grid (chunk 16..1024 in powers of two, the
/// chunks past `steps` folded into one; only 0 when not `chunked`; work
/// group 64, 128, 256; three passes, and with forward progress when
/// `onePass` the one pass and, when `tile` (the program has the step's
/// register-tile kernel), its tile; then, when `words` (the program has
/// its flag-word kernel) and `chunked`, the flag-word one pass at chunk
/// kOnePassWordsSteps and each work group); then, when `walk` (the program
/// has its channel-group walk) and `chunked`, the walk at every chunk made
/// of its parts (`walkSteps` steps each, the step's walkPartSteps; that
/// chunk where T is shorter) and work group 64 to 512 (on any device: it
/// never waits); then, with forward progress, `onePass`, `rows` (the
/// program has its row one-pass kernel) and `chunked`, the row one pass at
/// chunks of kOnePassRowsMinItems to onePassRowsMaxParts parts of
/// `rowsSteps` (up to the first past `steps`), its work group the chunk /
/// rowsSteps parts; with `walkPairs` (the program has its pair walk), the
/// pair walk beside each walk candidate; or `random` of them drawn with
/// `seed`.
std::vector<LookbackSchedule> lookbackCandidates(
    const DeviceInfo &device, const LookbackSchedule &fallback, int64_t steps,
    bool chunked, int random, uint64_t seed, bool onePass = true,
    bool tile = true, bool words = false, bool walk = false, bool rows = false,
    int64_t walkSteps = kWalkPartSteps, int64_t rowsSteps = kOnePassTileSteps,
    bool walkPairs = false);

/// Why a candidate's results `got` do not match the default's `expected`,
/// or "" when they do: each element within `tolerance` times the largest
/// finite magnitude of its result (a bf16 result within 2^-6, an f16 one
/// within 2^-9, at least: two of their ulps, as a schedule that sums in
/// another order may round the other way), NaN and infinities where the
/// default has them.
std::string compareTunedResults(const std::vector<Tensor> &got,
                                const std::vector<Tensor> &expected,
                                double tolerance);

/// Whether `plan` has a Lookback step (Loop bodies included).
bool hasLookbacks(const Plan &plan);

/// Tunes every Lookback step of `plan` at `args` (see the file comment),
/// adds the winners to `cache` and saves it. Throws Error when the plan
/// has no Lookback step, or when the default schedule itself fails.
std::vector<TunedStep> tuneLookbacks(Context &context, const Plan &plan,
                                     const std::shared_ptr<const Program> &program,
                                     const std::vector<Tensor> &args,
                                     const TuneOptions &options,
                                     TuningCache &cache);

/// The table `tune` prints: per step its key, one line per candidate (chunk,
/// work-group, mode, ms, check) and the winner.
std::string formatTuneTable(const std::string &model,
                            const std::vector<TunedStep> &steps);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_TUNER_H
