//===- BlasThreads.cpp - OpenBLAS's thread pool in short processes --------===//

#include "runtime/cpu/BlasThreads.h"

#include <dlfcn.h>

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

} // namespace sluice::runtime
