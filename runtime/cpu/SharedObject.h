//===- SharedObject.h - Kernels in a shared object (dlopen) -----*- C++ -*-===//
#ifndef SLUICE_RUNTIME_CPU_SHAREDOBJECT_H
#define SLUICE_RUNTIME_CPU_SHAREDOBJECT_H

#include "runtime/Executable.h"

#include <string>

namespace sluice::runtime {

/// The kernels of a CPU artifact: a shared object loaded with dlopen
/// (RTLD_LOCAL, so two artifacts with the same kernel names coexist),
/// unloaded when this is destroyed.
class SharedObject : public Executable {
public:
  /// Loads `path`; throws Error with dlerror()'s message when it cannot.
  explicit SharedObject(const std::string &path);
  ~SharedObject() override;
  SharedObject(const SharedObject &) = delete;
  SharedObject &operator=(const SharedObject &) = delete;

  KernelFn lookup(const std::string &symbol) const override;
  /// The NUL-terminated string the object defines as `symbol` (a `const
  /// char[]`), or null when it has none.
  const char *lookupString(const std::string &symbol) const;
  std::string description() const override { return path; }

private:
  std::string path;
  void *handle = nullptr;
};

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_SHAREDOBJECT_H
