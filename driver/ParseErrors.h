//===- ParseErrors.h - Command-line errors of `sluice` and `sluice-run` -*- C++ -*-===//
//
// A command line the option parser rejects (a missing option, a file that
// does not exist, a value outside its choices) is reported like every other
// error of the tools: `TOOL: error: MESSAGE` on stderr and exit status 1;
// --help and --version print their text and exit with status 0.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_PARSEERRORS_H
#define SLUICE_DRIVER_PARSEERRORS_H

namespace CLI {
class App;
class ParseError;
} // namespace CLI

namespace sluice::driver {

/// Reports `error`, thrown by `app.parse`, for the tool named `tool`, and
/// returns the exit status (0 for --help and --version, else 1).
int reportParseError(CLI::App &app, const CLI::ParseError &error,
                     const char *tool);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_PARSEERRORS_H
