//===- Subcommands.cpp - Subcommands beyond `dump` ------------------------===//

#include "driver/Subcommands.h"

#include <CLI/CLI.hpp>

namespace sluice::driver {

int SubcommandRegistry::run() {
  for (auto &[cmd, action] : commands)
    if (cmd->parsed())
      return action();
  return 1;
}

void registerSubcommands(CLI::App &app, SubcommandRegistry &registry) {
  (void)app;
  (void)registry;
}

} // namespace sluice::driver
