//===- WarnOnce.cpp - A warning printed once per process ------------------===//

#include "runtime/WarnOnce.h"

#include <iostream>
#include <mutex>
#include <set>

namespace sluice::runtime {

void warnOnce(const std::string &key, const std::string &message) {
  static std::mutex mutex;
  static std::set<std::string> warned;
  std::lock_guard<std::mutex> lock(mutex);
  if (warned.insert(key).second)
    std::cerr << "sluice: warning: " << message << "\n";
}

} // namespace sluice::runtime
