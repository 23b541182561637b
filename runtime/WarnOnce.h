//===- WarnOnce.h - A warning printed once per process ----------*- C++ -*-===//
//
// A misconfiguration sluice can work around (an unreadable tuning cache, a
// size variable that is not a number) is said once, not at every call that
// meets it.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_WARNONCE_H
#define SLUICE_RUNTIME_WARNONCE_H

#include <string>

namespace sluice::runtime {

/// Prints "sluice: warning: MESSAGE" on stderr the first time this process
/// calls it with `key` (thread-safe); later calls with that key say nothing.
void warnOnce(const std::string &key, const std::string &message);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_WARNONCE_H
