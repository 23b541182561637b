//===- CompileCommand.h - `sluice compile` ----------------------*- C++ -*-===//
#ifndef SLUICE_DRIVER_COMPILECOMMAND_H
#define SLUICE_DRIVER_COMPILECOMMAND_H

#include "driver/Compilation.h"

#include <string>

namespace sluice::driver {

/// Options of `sluice compile`.
struct CompileCommandOptions {
  /// file, --model, --remarks, --schedule / --scan-strategy
  CompileOptions compile;
  std::string target = "cpu";  ///< --target cpu|opencl
  std::string outputDir;       ///< -o DIR (created if missing)
  bool noFusion = false;       ///< --no-fusion
};

/// Compiles the model ahead of time into the artifact DIR: every kernel
/// (none deferred) into DIR/kernels.so and the plan into DIR/manifest.json
/// (runtime/Artifact.h), for `sluice-run` and sluice::loadArtifact. Prints
/// one line on stdout. Returns the exit status; errors go to stderr.
int compileArtifact(const CompileCommandOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_COMPILECOMMAND_H
