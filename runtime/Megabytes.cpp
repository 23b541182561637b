//===- Megabytes.cpp - Sizes given in megabytes by the environment --------===//

#include "runtime/Megabytes.h"

#include <cstdlib>

namespace sluice::runtime {

uint64_t megabytesVariable(const char *name, uint64_t defaultBytes) {
  const char *text = std::getenv(name);
  if (!text)
    return defaultBytes;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || value >= (1ull << 44))
    return defaultBytes;
  return static_cast<uint64_t>(value) << 20;
}

} // namespace sluice::runtime
