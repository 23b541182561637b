//===- TuneCommand.h - `sluice tune` ----------------------------*- C++ -*-===//
//
// Compiles a model for the OpenCL target, binds inputs (--input files, or
// random ones of the --dims shapes) and tunes its look-back schedules on the
// device (driver/ArtifactTune.h, runtime/opencl/Tuner.h), storing the
// winners in the tuning cache.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_TUNECOMMAND_H
#define SLUICE_DRIVER_TUNECOMMAND_H

#include "driver/RunCommand.h"

namespace sluice::driver {

/// Options of `sluice tune`.
struct TuneOptions {
  /// file, --model, --target (opencl), --input, --seed, --no-fusion,
  /// --scan-strategy; `run.random` holds --dims (the random inputs' shapes;
  /// tuneModel takes them from randomArg instead where that gives dims).
  RunOptions run;
  /// --random: the random inputs' dims (B=8,T=4096,D=256), as for `sluice
  /// run`; a bare number N is the older spelling of --tune-random N.
  std::string randomArg;
  int random = 0; ///< --tune-random N: candidates sampled; 0: the whole grid
  int runs = 3;   ///< --runs N: timed calls per candidate
};

/// Tunes the model; returns the exit status (1 with `sluice: error: ...` on
/// stderr for a target other than opencl, no device, or no look-back).
int tuneModel(const TuneOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_TUNECOMMAND_H
