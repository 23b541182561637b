//===- Megabytes.cpp - Sizes given in megabytes by the environment --------===//

#include "runtime/Megabytes.h"

#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>
#include <string>

namespace sluice::runtime {

uint64_t megabytesVariable(const char *name, uint64_t defaultBytes) {
  const char *text = std::getenv(name);
  if (!text)
    return defaultBytes;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (end != text && *end == '\0' && text[0] != '-' && value < (1ull << 44))
    return static_cast<uint64_t>(value) << 20;
  static std::mutex mutex;
  static std::set<std::string> warned;
  std::lock_guard<std::mutex> lock(mutex);
  if (warned.insert(std::string(name) + "=" + text).second)
    std::cerr << "sluice: warning: ignoring " << name << "='" << text
              << "' (a whole number of megabytes below 2^44); using "
              << (defaultBytes >> 20) << "\n";
  return defaultBytes;
}

} // namespace sluice::runtime
