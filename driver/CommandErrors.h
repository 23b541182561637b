//===- CommandErrors.h - How a `sluice` subcommand reports failure -*- C++ -*-===//
//
// Every subcommand runs its body through `exitStatusOf`, so that all of them
// report errors the same way: a located compile error as the diagnostic it
// carries (`file:line:col: error: ...`), anything else as one line
// `sluice: error: MESSAGE`, and exit status 1, after what was already
// printed on stdout has been flushed.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_COMMANDERRORS_H
#define SLUICE_DRIVER_COMMANDERRORS_H

#include <functional>

namespace sluice::driver {

/// Runs `command` and returns its exit status, or reports the exception it
/// throws (see the file comment) and returns 1.
int exitStatusOf(const std::function<int()> &command);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_COMMANDERRORS_H
