//===- Passes.h - sluice graph passes ---------------------------*- C++ -*-===//
#ifndef SLUICE_PASSES_PASSES_H
#define SLUICE_PASSES_PASSES_H

#include "ir/SluiceDialect.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class OpPassManager;
class RewritePatternSet;
} // namespace mlir

namespace sluice {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// Adds the passes of the `recognized` stage to `pm`, in order:
/// sl-share-stabilized-exps, sl-recognize-recurrences,
/// sl-stabilize-closed-forms, sl-cumulative-to-scan, then CSE.
void buildRecognizePipeline(mlir::OpPassManager &pm);

/// Patterns of `sl-cumulative-to-scan`: each `sl.cumulative` becomes an
/// `sl.scan` (with a remark on the op).
void populateCumulativeToScanPatterns(mlir::RewritePatternSet &patterns);

/// Patterns of `sl-stabilize-closed-forms`: `exp(L) * cumsum(exp(-L) * u)`
/// and its twins become one `sl.scan` (with a remark on the outer cumsum).
void populateStabilizeClosedFormsPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace sluice

#endif // SLUICE_PASSES_PASSES_H
