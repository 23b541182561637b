//===- IRGen.h - Checked syntax tree to `parsed` sl IR ----------*- C++ -*-===//
#ifndef SLUICE_FRONTEND_IRGEN_H
#define SLUICE_FRONTEND_IRGEN_H

#include "frontend/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace sluice {

/// Builds the `parsed` stage: one `func.func` per model of `file` (already
/// checked by Sema), every op located at its source text. The context must
/// have the sl, func, arith, math and tensor dialects loaded.
///
/// Conventions: arguments are the inputs then the params, each with the arg
/// attributes `sl.name`, `sl.kind` ("input" or "param") and `sl.dims` (one
/// string per dim: a dim name or a literal size); results carry `sl.name`.
/// f16/bf16 arguments are extended to f32 at entry and 16-bit outputs are
/// truncated at the end; all arithmetic is f32 or f64.
mlir::OwningOpRef<mlir::ModuleOp> buildModule(mlir::MLIRContext &context,
                                              const ast::File &file);

} // namespace sluice

#endif // SLUICE_FRONTEND_IRGEN_H
