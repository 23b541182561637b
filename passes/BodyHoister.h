//===- BodyHoister.h - Re-emit loop-body computations outside ---*- C++ -*-===//
//
// A recognised scan needs its coefficients as whole tensors before the loop.
// BodyHoister re-emits state-independent body computations there: a value
// that varies over time (depends on a sequence slice) gets the scan axis, at
// the loop's `axis` counted from the end; a time-invariant one keeps its
// body type. Invariants are broadcast (scan axis inserted) where they meet
// varying values.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_PASSES_BODYHOISTER_H
#define SLUICE_PASSES_BODYHOISTER_H

#include "passes/RecurrenceAnalysis.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace sluice {

class BodyHoister {
public:
  /// A re-emitted value and whether it has the scan axis.
  struct Hoisted {
    mlir::Value value;
    bool varying = false;
  };

  /// Emits at `builder`'s insertion point (copied), which must be before
  /// `loop`. Constant coefficients get `elementType`: the element type of
  /// the states being recognized (sequence operands may have another, e.g.
  /// an f32 input converted by an arith.extf in the body for an f64 state).
  BodyHoister(sl::LoopOp loop, const mlir::OpBuilder &builder,
              mlir::Type elementType);

  /// The outer counterpart of state-independent body value `v`.
  mlir::FailureOr<Hoisted> hoist(mlir::Value v);
  /// The outer value of `coef`.
  mlir::FailureOr<Hoisted> emit(const Coef *coef);
  /// `coef` as an `sl.scan` operand: a varying one has the full type
  /// `resultType`; an invariant one keeps its type minus trailing-aligned
  /// broadcasts (the scan broadcasts operands to the state slice itself).
  mlir::FailureOr<Hoisted> emitOperand(const Coef *coef,
                                       mlir::RankedTensorType resultType);

  /// `coef` broadcast to the full type `resultType` (scan axis included);
  /// a rank-0 constant takes its sizes from a sequence operand of that type.
  mlir::FailureOr<mlir::Value> emitFull(const Coef *coef,
                                        mlir::RankedTensorType resultType);

  /// The body op that made the last hoist fail (null if none).
  mlir::Operation *getFailedOp() const { return failedOp; }
  /// Erases every op this hoister created.
  void rollback();
  /// Erases the ops this hoister created that ended up unused.
  void eraseDead();

private:
  template <typename OpT, typename... Args>
  OpT create(mlir::Location loc, Args &&...args) {
    auto op = builder.create<OpT>(loc, std::forward<Args>(args)...);
    created.push_back(op);
    return op;
  }
  mlir::FailureOr<Hoisted> hoistOp(mlir::Operation *op);
  mlir::FailureOr<Hoisted> hoistDim(mlir::Operation *op);
  mlir::FailureOr<Hoisted> hoistBroadcast(sl::BroadcastOp op, Hoisted input);
  mlir::FailureOr<Hoisted> fail(mlir::Operation *op);
  /// Brings `a` and `b` to one type (scan axis, rank-0 splats).
  mlir::LogicalResult unify(Hoisted &a, Hoisted &b, mlir::Location loc);
  /// Body slice type with the scan axis inserted; null when the rank is too
  /// small to hold it at `axis`.
  mlir::RankedTensorType withScanDim(mlir::RankedTensorType slice) const;
  /// The position of the scan axis in the full type of a slice of `rank`.
  int64_t scanPos(int64_t sliceRank) const { return sliceRank + 1 + axis; }
  /// An invariant of a body slice type, broadcast along the scan axis; null
  /// when that cannot be done (a boolean not made by an `arith.cmpf`).
  mlir::Value toVarying(mlir::Value invariant, mlir::Location loc);
  /// A boolean invariant along the scan axis: `sl.broadcast` takes floats
  /// only, so its comparison is made again from varying operands.
  mlir::Value booleanAlongScan(mlir::Value invariant, mlir::Location loc);
  /// The Select coefficient `coef` (`cond ? a : b`) once its three parts are
  /// emitted: brings them to one shape and builds the `arith.select`.
  mlir::FailureOr<Hoisted> emitSelect(const Coef *coef, Hoisted cond,
                                      Hoisted a, Hoisted b, mlir::Location loc);
  /// Builds what toVarying returns (memoised there).
  mlir::Value broadcastAlongScan(mlir::Value invariant, mlir::Location loc);
  /// `tensor.dim` of `tensor` at `dim` (its index constant tracked too).
  mlir::Value createDim(mlir::Value tensor, int64_t dim, mlir::Location loc);
  /// A rank-0 `splat` broadcast to the shape of `like`, with `like`'s
  /// element type (or `element` when given).
  mlir::Value broadcastLike(mlir::Value splat, mlir::Value like,
                            mlir::Location loc, mlir::Type element = {});

  sl::LoopOp loop;
  mlir::OpBuilder builder;
  int64_t axis;
  int64_t scanSize;
  mlir::Type elementType; ///< of the states' coefficients
  llvm::DenseMap<mlir::Value, Hoisted> values;
  llvm::DenseMap<const Coef *, Hoisted> coefValues;
  llvm::DenseMap<mlir::Value, mlir::Value> varyingOf;
  llvm::SmallVector<mlir::Operation *> created;
  mlir::Operation *failedOp = nullptr;
};

} // namespace sluice

#endif // SLUICE_PASSES_BODYHOISTER_H
