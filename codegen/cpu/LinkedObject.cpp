//===- LinkedObject.cpp - Object code linked into the process -------------===//

#include "codegen/cpu/LinkedObject.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/Support/MemoryBuffer.h"

#include <stdexcept>

namespace sluice::codegen::cpu {

LinkedObject::LinkedObject(const std::string &object, const std::string &name) {
  // RuntimeDyld with section memory, as mlir::ExecutionEngine links: the
  // kernels are plain functions without unwind tables or TLS.
  auto jitOrError =
      llvm::orc::LLJITBuilder()
          .setObjectLinkingLayerCreator([](llvm::orc::ExecutionSession &session,
                                           const llvm::Triple &) {
            return std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                session,
                [] { return std::make_unique<llvm::SectionMemoryManager>(); });
          })
          .create();
  if (!jitOrError)
    throw std::runtime_error("sluice: cannot create the JIT: " +
                             llvm::toString(jitOrError.takeError()));
  jit = std::move(*jitOrError);
  // A failed link is reported by lookup()'s exception (and the JIT falls
  // back to compiling where a cached object fails), not by ORC on stderr.
  jit->getExecutionSession().setErrorReporter(
      [](llvm::Error error) { llvm::consumeError(std::move(error)); });
  auto generator =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
          jit->getDataLayout().getGlobalPrefix());
  if (!generator)
    throw std::runtime_error("sluice: cannot search the process's symbols: " +
                             llvm::toString(generator.takeError()));
  jit->getMainJITDylib().addGenerator(std::move(*generator));
  if (llvm::Error error = jit->addObjectFile(
          llvm::MemoryBuffer::getMemBufferCopy(object, name)))
    throw std::runtime_error("sluice: the JIT refused the object code of " +
                             name + ": " + llvm::toString(std::move(error)));
}

LinkedObject::~LinkedObject() = default;

void *LinkedObject::lookup(const std::string &symbol) {
  auto address = jit->lookup(symbol);
  if (!address)
    throw std::runtime_error(
        "sluice: kernel '" + symbol +
        "' missing after JIT: " + llvm::toString(address.takeError()));
  return address->toPtr<void *>();
}

} // namespace sluice::codegen::cpu
