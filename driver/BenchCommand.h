//===- BenchCommand.h - `sluice bench` --------------------------*- C++ -*-===//
#ifndef SLUICE_DRIVER_BENCHCOMMAND_H
#define SLUICE_DRIVER_BENCHCOMMAND_H

#include "driver/RunCommand.h"

namespace sluice::driver {

/// Options of `sluice bench`.
struct BenchOptions {
  /// file, --model, --target, --random, --seed, --no-fusion, --scan-strategy
  RunOptions run;
  int warmup = 3;             ///< --warmup: calls before timing
  int repeat = 20;            ///< --repeat: timed calls (the median is shown)
  bool json = false;          ///< --json: one JSON line
};

/// Times the model: the median time per call after warm-up and the GB/s of
/// unique bytes (every argument read once, every output written once).
int benchModel(const BenchOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_BENCHCOMMAND_H
