//===- ScanUtils.h - Helpers shared by the scan-forming passes --*- C++ -*-===//
#ifndef SLUICE_PASSES_SCANUTILS_H
#define SLUICE_PASSES_SCANUTILS_H

#include "ir/SluiceOps.h"

#include "mlir/IR/Builders.h"

#include <string>

namespace sluice {

/// The largest state a recurrence may take as a parallel scan. A k-state
/// scan's kernels unroll k x k products (k^3 operations to compose two maps):
/// compile time grows as k^3 (2.3 s at k = 8, minutes at 32), so a larger
/// state (an order-64 recurrence `h[t-64]`, many coupled states) stays a
/// sequential loop, parallel over channels, whose lags cost O(1) per step.
constexpr int64_t kMaxScanStates = 3;

/// `value` splat into the slice of `full` without dim `absAxis` (sizes from
/// `tensor.dim` of `full`); the rank-0 constant itself for a rank-1 `full`.
mlir::Value createFilledSlice(mlir::OpBuilder &builder, mlir::Location loc,
                              mlir::Value full, int64_t absAxis, double value);

/// How a remark names a semiring: `linear`, `max-plus`, ...
llvm::StringRef semiringName(sl::Semiring semiring);

/// The structure of a k x k `matrix` for a remark: `diagonal`, `companion 2x2
/// matrix`, `lower-triangular 3x3 matrix`, `full 2x2 matrix` (no zero entry) or
/// `sparse 3x3 matrix (5 of 9 entries non-zero)`.
std::string describeMatrix(sl::StructureAttr matrix, int64_t k);

/// The shape of `scan`'s matrix and coefficients for a remark:
/// `state size 1, diagonal, time-varying coefficients`. `structure`
/// replaces the matrix description when given (`companion form of ...`).
std::string describeScan(sl::ScanOp scan, llvm::StringRef structure = {});

/// The attribute naming the builtin an op stands for when the user wrote
/// another (`squeeze` for a reshape, `exp` for sl-share-stabilized-exps'
/// selects): userOpName reads it.
constexpr const char *kSpelledAttr = "sl.spelled";

/// The name the user wrote for `op`: `tanh`, `relu`, `*`, `@`, `cumsum`, ...
std::string userOpName(mlir::Operation *op);

/// `'tanh' at 7:24` (line:col of the op's FileLineColLoc).
std::string describeOp(mlir::Operation *op);

} // namespace sluice

#endif // SLUICE_PASSES_SCANUTILS_H
