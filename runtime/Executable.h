//===- Executable.h - Machine code of a plan's kernels, by symbol -*- C++ -*-===//
//
// What a plan's Kernel steps run, found by their symbol (Step::name): the
// JIT's linked objects when a model is compiled in this process, a shared object
// loaded from an artifact (runtime/Artifact.h), an OpenCL program later.
// bindKernels resolves every kernel step once, when the code is loaded,
// so running a plan never changes it. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_EXECUTABLE_H
#define SLUICE_RUNTIME_EXECUTABLE_H

#include "runtime/Error.h"
#include "runtime/Plan.h"

#include <string>

namespace sluice::runtime {

/// Compiled kernels, looked up by symbol.
class Executable {
public:
  virtual ~Executable() = default;
  /// The kernel named `symbol`, or nullptr when there is none.
  virtual KernelFn lookup(const std::string &symbol) const = 0;
  /// Where the code comes from, for messages ("kernels.so in DIR").
  virtual std::string description() const = 0;
};

/// A kernel a plan names that its code does not have.
class MissingKernel : public Error {
public:
  using Error::Error;
};

/// Sets Step::kernel of every kernel step of `plan` (loop and look-back
/// bodies included) from `code`. Throws MissingKernel naming the first
/// symbol `code` lacks.
void bindKernels(Plan &plan, const Executable &code);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_EXECUTABLE_H
