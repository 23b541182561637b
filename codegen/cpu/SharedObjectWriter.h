//===- SharedObjectWriter.h - CPU kernels ahead of time, as a .so -*- C++ -*-===//
//
// For artifacts (`sluice compile --target cpu`): the kernels of a program,
// deferred ones included, split and optimized as the JIT does (O3 for the
// host CPU, libmvec, look-back kernels' loops not unrolled) and emitted by
// LLVM's code generator as position-independent object files, then linked
// into a shared object by the system's C compiler driver (`cc -shared`;
// SLUICE_CC overrides it), with a C file that defines the plan's checksum
// (runtime/Artifact.h, kPlanChecksumSymbol). The runtime loads it with
// dlopen (runtime/cpu/SharedObject.h).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SHAREDOBJECTWRITER_H
#define SLUICE_CODEGEN_CPU_SHAREDOBJECTWRITER_H

#include "codegen/PhaseTimes.h"
#include "codegen/cpu/CpuCodegen.h"

#include <string>

namespace sluice::codegen::cpu {

/// What the code was compiled for (recorded in the artifact's manifest).
struct NativeCodeInfo {
  std::string triple;   ///< LLVM target triple
  std::string cpu;      ///< the CPU name the code is tuned for
  std::string features; ///< LLVM's feature string ("+avx2,+fma,...")
};

/// Writes every kernel of `program` (both modules, split into parts that
/// lower and compile on parallel threads; the modules stay as they are)
/// into the shared object `path`, with its step's symbol exported.
/// Throws std::runtime_error (with the linker's output when linking fails).
/// `times` (if not null) gets the phases' times (codegen/PhaseTimes.h).
NativeCodeInfo writeKernelsSharedObject(CpuProgram &program,
                                        const std::string &path,
                                        PhaseTimes *times = nullptr);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SHAREDOBJECTWRITER_H
