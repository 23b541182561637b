//===- LinkedObject.h - Object code linked into the process -----*- C++ -*-===//
//
// The last step of the CPU JIT: object code (compiled now by LLVM, or read
// from the ObjectCache) linked into this process by an ORC JIT, its calls
// to libm and libmvec resolved against what the process has loaded, its
// kernels then found by symbol.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_LINKEDOBJECT_H
#define SLUICE_CODEGEN_CPU_LINKEDOBJECT_H

#include <memory>
#include <string>

namespace llvm {
namespace orc {
class LLJIT;
} // namespace orc
} // namespace llvm

namespace sluice::codegen::cpu {

/// One object file linked into the process, alive as long as this is.
class LinkedObject {
public:
  /// Links `object` (named `name` in messages). Throws std::runtime_error
  /// when the JIT cannot be created or refuses the object.
  LinkedObject(const std::string &object, const std::string &name);
  ~LinkedObject();

  /// The address of `symbol`; throws std::runtime_error when the object
  /// does not define it or cannot be linked (a symbol it calls is missing).
  void *lookup(const std::string &symbol);

private:
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_LINKEDOBJECT_H
