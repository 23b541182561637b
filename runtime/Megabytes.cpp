//===- Megabytes.cpp - Sizes given in megabytes by the environment --------===//

#include "runtime/Megabytes.h"

#include "runtime/WarnOnce.h"

#include <cstdlib>
#include <string>

namespace sluice::runtime {

uint64_t megabytesVariable(const char *name, uint64_t defaultBytes) {
  const char *text = std::getenv(name);
  if (!text || !*text) // (set but empty: as unset)
    return defaultBytes;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (end != text && *end == '\0' && text[0] != '-' && value < (1ull << 44))
    return static_cast<uint64_t>(value) << 20;
  warnOnce(std::string(name) + "=" + text,
           "ignoring " + std::string(name) + "='" + text +
               "' (a whole number of megabytes below 2^44); using " +
               std::to_string(defaultBytes >> 20));
  return defaultBytes;
}

} // namespace sluice::runtime
