//===- SymbolicShapes.h - Which model dim each `?` is -----------*- C++ -*-===//
//
// The IR's tensor types say `?` for every symbolic dim; code generation needs
// to know which model dim it is, to size buffers and loops. This analysis
// names every dim of every tensor value of a model function, starting from
// the arguments' `sl.dims` attributes and following each op's shape rule.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_SYMBOLICSHAPES_H
#define SLUICE_CODEGEN_SYMBOLICSHAPES_H

#include "runtime/Plan.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::codegen {

/// One dim of a value: a model dim (index into the model's dims) or a literal.
struct SymDim {
  int32_t dim = -1;    ///< model dim index, or -1
  int64_t literal = 0; ///< the size when `dim < 0`
  bool operator==(const SymDim &o) const {
    return dim == o.dim && literal == o.literal;
  }
  bool operator!=(const SymDim &o) const { return !(*this == o); }
  /// As a runtime size expression.
  runtime::SizeExpr size() const {
    return dim >= 0 ? runtime::SizeExpr::dim(dim)
                    : runtime::SizeExpr::literal(literal);
  }
};

using SymShape = llvm::SmallVector<SymDim, 4>;

/// The symbolic shapes of every value of one model function (including the
/// values inside `sl.loop` and `sl.kernel` bodies).
class SymbolicShapes {
public:
  /// Analyses `func`. Fails (returns false from `ok()`) only on IR that no
  /// sluice stage produces (that verifies but whose `?` dims disagree, or
  /// are not model dims); `error()` says why, located at the op.
  explicit SymbolicShapes(mlir::func::FuncOp func);

  bool ok() const { return errorText.empty(); }
  const std::string &error() const { return errorText; }
  /// The model's dim names, in order.
  const std::vector<std::string> &dimNames() const { return names; }
  /// The shape of a tensor value.
  const SymShape &shape(mlir::Value v) const;
  /// The model dim an index value (a `tensor.dim`) stands for, or -1.
  int32_t dimOfIndex(mlir::Value v) const;
  /// The runtime sizes of a tensor value's dims.
  std::vector<runtime::SizeExpr> sizes(mlir::Value v) const;

private:
  void visitBlock(mlir::Block &block);
  void fail(const std::string &why);
  /// Records the first error, located at `op` (file:line:col when known).
  void fail(mlir::Operation *op, const std::string &why);
  /// Fails unless every tensor operand of `op` has a shape of its rank.
  bool checkOperands(mlir::Operation *op);
  /// The size an index operand stands for: a model dim (`tensor.dim`) or a
  /// positive constant; fails otherwise.
  std::optional<SymDim> sizeOf(mlir::Operation *op, mlir::Value index,
                               const char *what);
  /// Fails unless `from` broadcasts (trailing-aligned, size-1 dims
  /// stretching) to `to` without its dim `skip` (none if negative).
  bool broadcastsTo(mlir::Operation *op, const SymShape &from,
                    const SymShape &to, int skip, const std::string &what);
  /// `[B, T, 4]`.
  std::string str(const SymShape &shape) const;
  std::vector<std::string> names;
  llvm::DenseMap<mlir::Value, SymShape> shapes;
  llvm::DenseMap<mlir::Value, int32_t> indexDims;
  std::string errorText;
};

/// The runtime dtype of a float element type (or of a tensor type's
/// elements): f16, bf16, f64, else f32.
runtime::DType dtypeOf(mlir::Type type);

/// A plan with only the model's name, dims, arguments and results filled in
/// (buffers and steps empty; ValueSpec::buffer is -1): what a caller must
/// pass and gets back, for binding checks on any target.
runtime::Plan signatureOf(mlir::func::FuncOp func, const SymbolicShapes &shapes);

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_SYMBOLICSHAPES_H
