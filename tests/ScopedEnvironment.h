//===- ScopedEnvironment.h - A variable set for a scope ---------*- C++ -*-===//
//
// Tests that change what sluice reads from the environment (caches, device
// choice, schedules) set the variable for a scope and restore it after.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_SCOPEDENVIRONMENT_H
#define SLUICE_TESTS_SCOPEDENVIRONMENT_H

#include <cstdlib>
#include <optional>
#include <string>

namespace sluice::testing {

/// Sets an environment variable (or, with nullptr, unsets it) for its
/// lifetime, then restores it.
class ScopedEnvironment {
public:
  ScopedEnvironment(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = std::string(old);
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnvironment() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnvironment(const ScopedEnvironment &) = delete;
  ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;

private:
  const char *name_;
  std::optional<std::string> old_;
};

} // namespace sluice::testing

#endif // SLUICE_TESTS_SCOPEDENVIRONMENT_H
