//===- BlasThreads.cpp - OpenBLAS's thread pool in short processes --------===//

#include "runtime/cpu/BlasThreads.h"

#include <dlfcn.h>

#include <mutex>

namespace sluice::runtime {

bool stopIdleBlasThreads() {
  using Shutdown = int (*)();
  auto shutdown = reinterpret_cast<Shutdown>(
      ::dlsym(RTLD_DEFAULT, "blas_thread_shutdown_"));
  if (!shutdown)
    return false;
  shutdown();
  return true;
}

void useSingleThreadedBlas() {
  static std::once_flag once;
  std::call_once(once, [] {
    using SetThreads = void (*)(int);
    auto set = reinterpret_cast<SetThreads>(
        ::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (set)
      set(1);
  });
}

} // namespace sluice::runtime
