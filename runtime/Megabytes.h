//===- Megabytes.h - Sizes the environment gives in megabytes ---*- C++ -*-===//
//
// SLUICE_HOST_POOL_MB and SLUICE_JIT_CACHE_MB set a size in megabytes; both
// read it the same way. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_MEGABYTES_H
#define SLUICE_RUNTIME_MEGABYTES_H

#include <cstdint>

namespace sluice::runtime {

/// The bytes that environment variable `name` gives in megabytes (a
/// decimal integer below 2^44), else `defaultBytes`: unset, or not such a
/// number (then with a warning on stderr, once per variable and value).
uint64_t megabytesVariable(const char *name, uint64_t defaultBytes);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_MEGABYTES_H
