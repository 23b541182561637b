//===- ParseErrors.cpp - Command-line errors of `sluice` and `sluice-run` -===//

#include "driver/ParseErrors.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace sluice::driver {

int reportParseError(CLI::App &app, const CLI::ParseError &error,
                     const char *tool) {
  if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
    return app.exit(error); // --help, --version
  std::cerr << tool << ": error: " << error.what() << "\n"
            << "Run with --help for more information.\n";
  return 1;
}

} // namespace sluice::driver
