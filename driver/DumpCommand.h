//===- DumpCommand.h - `sluice dump` ----------------------------*- C++ -*-===//
#ifndef SLUICE_DRIVER_DUMPCOMMAND_H
#define SLUICE_DRIVER_DUMPCOMMAND_H

#include "driver/Compilation.h"

namespace sluice::driver {

/// Options of `sluice dump`.
struct DumpOptions {
  CompileOptions compile;
  std::string stage = "parsed"; ///< --stage
  bool hideLocations = false;   ///< --hide-locations
  bool noFusion = false;        ///< --no-fusion (the `fused` stage on)
};

/// Prints the IR of the file (or of --model) after `stage` on stdout.
/// Returns the process exit status; errors go to stderr.
int dumpModel(const DumpOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_DUMPCOMMAND_H
