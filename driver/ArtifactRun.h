//===- ArtifactRun.h - `sluice-run`: running an artifact --------*- C++ -*-===//
//
// Runs a compiled artifact (runtime/Artifact.h) on inputs from .npy files or
// random draws, writing each output to DIR/NAME.npy, like `sluice run` but
// with no compiler: pure C++17 over the runtime (no LLVM or MLIR).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_ARTIFACTRUN_H
#define SLUICE_DRIVER_ARTIFACTRUN_H

#include <string>
#include <vector>

namespace sluice::driver {

/// Options of `sluice-run`.
struct ArtifactRunOptions {
  std::string artifact;            ///< the artifact directory
  std::vector<std::string> inputs; ///< --input NAME=FILE.npy, repeatable
  std::string random;              ///< --random B=8,T=4096,D=256; empty: none
  std::string seed = "0";          ///< --seed N (for --random)
  std::string outputDir = ".";     ///< --output-dir DIR
  /// --save-inputs DIR: the arguments go there too (OutputFiles.h
  /// writeInputFiles); empty: not saved.
  std::string saveInputs;
  /// --bench N: time N runs after a warm-up and print the figures
  /// (driver/ArtifactBench.h); 0: run once.
  int benchRuns = 0;
  /// --tune: tune the look-back schedules of an OpenCL artifact on the
  /// device and store the winners in the tuning cache
  /// (driver/ArtifactTune.h) instead of running it.
  bool tune = false;
  /// --tune-random N: try N sampled candidates (seeded by --seed) besides
  /// the default instead of the whole grid.
  int tuneRandom = 0;
};

/// Loads the artifact, binds its inputs and params by name, runs it and
/// writes the outputs (driver/OutputFiles.h). Returns the exit status;
/// errors go to stderr as `sluice-run: error: ...`.
int runArtifact(const ArtifactRunOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_ARTIFACTRUN_H
