//===- CpuModel.h - A model function, compiled and JIT-ed for the CPU -*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_CPUMODEL_H
#define SLUICE_CODEGEN_CPU_CPUMODEL_H

#include "codegen/cpu/CodegenContext.h"
#include "codegen/cpu/Jit.h"
#include "runtime/Plan.h"

#include <memory>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::codegen::cpu {

/// A plan whose kernels are machine code, ready for runtime::executeOnCpu
/// (deferred kernels are compiled by the first call that needs them). The
/// MLIR context of the compiled function must outlive it.
struct CpuModel {
  runtime::Plan plan;
  std::unique_ptr<JitKernels> jit;
};

/// Generates, lowers and JIT-compiles `func` (the `recognized` stage or
/// later). Throws std::runtime_error.
std::unique_ptr<CpuModel> compileForCpu(mlir::func::FuncOp func,
                                        const CpuOptions &options);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_CPUMODEL_H
