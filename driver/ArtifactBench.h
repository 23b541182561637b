//===- ArtifactBench.h - `sluice-run --bench`: timing an artifact -*- C++ -*-===//
//
// Times an artifact (runtime/Artifact.h) like a benchmark: one warm-up run,
// then N timed runs, each after an L2 flush, and one line per model with
// the median time, the unique bytes (arguments + results) and GB/s. On an
// OpenCL artifact the time is the device's, from the first launch to the
// end of the last (profiling timestamps), without the host<->device
// copies; on a CPU artifact it is wall time. Pure C++17 over the runtime.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_ARTIFACTBENCH_H
#define SLUICE_DRIVER_ARTIFACTBENCH_H

#include "driver/ArtifactRun.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::driver {

/// The bytes written to flush the caches before each timed run: several
/// times the H200's 60 MB L2 (and any CPU's last-level cache).
constexpr int64_t kCacheFlushBytes = int64_t(256) << 20;

/// What `--bench` measured for one model.
struct BenchFigures {
  std::string model;
  std::string target;               ///< "cpu" or "opencl"
  std::vector<double> milliseconds; ///< one per timed run, in run order
  int64_t uniqueBytes = 0;          ///< arguments + results, each once
  /// The median of `milliseconds` (the mean of the middle two for an even
  /// count).
  double medianMs() const;
  /// uniqueBytes / median, in 10^9 bytes per second.
  double gigabytesPerSecond() const;
};

/// The line `--bench` prints: "bench model=NAME target=T runs=N
/// median_ms=... min_ms=... max_ms=... unique_bytes=... gbps=...".
std::string formatBenchLine(const BenchFigures &figures);

/// Loads the artifact `options.artifact`, binds its arguments as a run
/// does, runs it once (warm-up; its outputs are written to
/// options.outputDir) and then options.benchRuns times, and prints the
/// bench line. On OpenCL, SLUICE_BENCH_PARALLELISM=N sets the executor's
/// parallelism (PlanExecutorOptions::parallelism: which strategy a guarded
/// scan takes). Throws on errors (runArtifact reports them).
void benchArtifact(const ArtifactRunOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_ARTIFACTBENCH_H
