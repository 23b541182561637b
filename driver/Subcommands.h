//===- Subcommands.h - The `sluice` subcommands -----------------*- C++ -*-===//
#ifndef SLUICE_DRIVER_SUBCOMMANDS_H
#define SLUICE_DRIVER_SUBCOMMANDS_H

#include "driver/Compilation.h"

#include <functional>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace sluice::driver {

/// The subcommands, each with the action to run when the user chose it.
struct SubcommandRegistry {
  std::vector<std::pair<CLI::App *, std::function<int()>>> commands;
  /// Runs the chosen subcommand; returns its exit status.
  int run();
};

/// Declares `dump`, `run`, `bench`, `compile` and `tune` on `app`.
void registerSubcommands(CLI::App &app, SubcommandRegistry &registry);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_SUBCOMMANDS_H
