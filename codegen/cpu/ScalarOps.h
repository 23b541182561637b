//===- ScalarOps.h - One element of an element-wise op ----------*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_SCALAROPS_H
#define SLUICE_CODEGEN_CPU_SCALAROPS_H

#include "codegen/cpu/KernelBuilder.h"

namespace sluice::codegen::cpu {

/// Emits the scalar computation of element-wise `op` (arith/math on float
/// tensors, `sl.sigmoid/softplus/silu/gelu`) on operand scalars in their
/// compute types. Returns a null Value when `op` is not element-wise.
mlir::Value emitScalarOp(KernelBuilder &kb, mlir::Operation *op,
                         llvm::ArrayRef<mlir::Value> operands);

/// The scalar value of a splat `arith.constant` tensor in its compute type,
/// or null.
mlir::Value emitSplatConstant(KernelBuilder &kb, mlir::Operation *op);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCALAROPS_H
