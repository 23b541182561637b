//===- CpuCodegen.h - A model function to a plan and CPU kernels -*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_CPUCODEGEN_H
#define SLUICE_CODEGEN_CPU_CPUCODEGEN_H

#include "codegen/cpu/CodegenContext.h"
#include "runtime/Plan.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::codegen::cpu {

/// The plan of a model and the modules of its kernels (func.func ops over
/// LLVM pointers, scf, arith and math; one per Kernel step, named by it):
/// those compiled with the model, and those of deferred steps (compiled the
/// first time a call needs them).
struct CpuProgram {
  runtime::Plan plan;
  mlir::OwningOpRef<mlir::ModuleOp> kernels;
  mlir::OwningOpRef<mlir::ModuleOp> deferredKernels;
};

/// Generates the plan and kernels of `func` (the `recognized` stage or
/// later). Throws std::runtime_error for IR it cannot compile (which the
/// pipeline never produces).
CpuProgram buildCpuProgram(mlir::func::FuncOp func, const CpuOptions &options);

/// Per op family: each adds the steps computing `op`'s results into
/// buffers (materializing its operands through ctx.materialize).
void generateScan(CodegenContext &ctx, mlir::Operation *scan);
void generateLoop(CodegenContext &ctx, mlir::Operation *loop);
/// generateReduce writes buffer `out` when given (the same result computed
/// by two alternatives of a scan fused with it, ScanReduceGroupKernel.cpp).
void generateReduce(CodegenContext &ctx, mlir::Operation *reduce,
                    int32_t out = -1);
void generateLast(CodegenContext &ctx, mlir::Operation *last);
void generateMatmul(CodegenContext &ctx, mlir::Operation *matmul);
/// Computes an element-wise value (and everything fused into it) into a
/// new buffer, or into buffer `into` when given (a scan group's epilogue
/// value, computed by the group's kernel in the other alternative); returns
/// the buffer.
int32_t generateElementwise(CodegenContext &ctx, mlir::Value value,
                            int32_t into = -1);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_CPUCODEGEN_H
