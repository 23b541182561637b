//===- sluice-run.cpp - Runs a compiled artifact, no compiler needed -------===//
//
//   sluice-run DIR --input NAME=FILE.npy ... [--random B=2,T=64,D=8]
//              [--seed N] [--output-dir OUT] [--bench N]
//              [--tune [--tune-random N]]
//
// DIR comes from `sluice compile MODEL.sl --target cpu -o DIR`. This tool
// links only the runtime (it builds with -DSLUICE_RUNTIME_ONLY=ON).
//
//===----------------------------------------------------------------------===//

#include "driver/ArtifactRun.h"
#include "driver/ParseErrors.h"
#include "runtime/Threads.h"
#include "runtime/cpu/BlasThreads.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char **argv) {
  // OpenBLAS's pool would spin through most of a short command.
  sluice::runtime::stopIdleBlasThreads();
  CLI::App app{"sluice-run: runs a model compiled by `sluice compile` on "
               "inputs from .npy files or random ones, writing each output "
               "to DIR/NAME.npy"};
  app.set_version_flag("--version", std::string("sluice-run ") + SLUICE_VERSION);
  sluice::driver::ArtifactRunOptions options;
  app.add_option("artifact", options.artifact,
                 "The artifact directory (from sluice compile -o)")
      ->required();
  app.add_option("--input", options.inputs,
                 "NAME=FILE.npy for an input or param (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--random", options.random,
                 "Draw every unbound input and param: B=8,T=4096,D=256");
  app.add_option("--seed", options.seed,
                 "Seed of --random (0 to 18446744073709551615)");
  app.add_option("--output-dir", options.outputDir,
                 "Where NAME.npy files go (default: .)");
  app.add_option("--save-inputs", options.saveInputs,
                 "Also write every input and param the run was given (from "
                 "files or drawn by --random) as DIR/NAME.npy, to run it "
                 "again with --input");
  app.add_option("--bench", options.benchRuns,
                 "Time N runs after a warm-up (each after a 256 MiB cache "
                 "flush; OpenCL: device time, no host<->device copies) and "
                 "print the median ms, unique bytes and GB/s")
      ->check(CLI::Range(1, 1000000));
  CLI::Option *tune = app.add_flag(
      "--tune", options.tune,
      "OpenCL artifacts: try look-back schedules (chunk, work-group, "
      "mode) on the device at these inputs, print a table and store "
      "the fastest in the tuning cache ($SLUICE_TUNING_CACHE, else "
      "the cache dir's tuning.json), which later runs read");
  app.add_option("--tune-random", options.tuneRandom,
                 "With --tune: try N candidates sampled with --seed (and the "
                 "default) instead of the whole grid")
      ->check(CLI::Range(1, 1000000))
      ->needs(tune);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return sluice::driver::reportParseError(app, e, "sluice-run");
  }
  // SLUICE_NUM_THREADS bounds the threads the run uses.
  try {
    sluice::runtime::ThreadLimit threads(
        sluice::runtime::threadsFromEnvironment());
    int status = 1;
    threads.run([&] { status = sluice::driver::runArtifact(options); });
    return status;
  } catch (const std::exception &e) {
    std::cerr << "sluice-run: error: " << e.what() << "\n";
    return 1;
  }
}
