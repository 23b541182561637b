//===- IRGenModel.h - Internals of IRGen shared by its files -----*- C++ -*-===//
//
// Not a public header: the ModelGen class that IRGen.cpp (expressions,
// models) and IRGenScan.cpp (scan blocks) implement.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_IRGENMODEL_H
#define SLUICE_FRONTEND_IRGENMODEL_H

#include "frontend/AST.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <map>
#include <tuple>

namespace sluice::irgen {

// An internal header of two files that both use MLIR's names throughout.
using namespace mlir;

/// Where the runtime sizes of symbolic dims come from inside one region: the
/// values that have each dim, and the `tensor.dim` ops already made.
struct DimScope {
  Block *block = nullptr;
  /// Values with their source shapes, searched in order.
  std::vector<std::pair<Value, const ast::Shape *>> sources;
  llvm::StringMap<Value> sizes;
  /// The last dim op inserted at the block's start (new ones go after it).
  Operation *lastDimOp = nullptr;
};

/// Emits one model as a `func.func`.
class ModelGen {
public:
  ModelGen(MLIRContext &ctx, const ast::File &file, const ast::Model &model)
      : b(&ctx), file(file), model(model) {}

  func::FuncOp build();

private:
  // ---- helpers ----
  Location loc(ast::Loc l) {
    return FileLineColLoc::get(b.getContext(), file.filename, l.line, l.col);
  }
  /// The arithmetic type of a dtype (16-bit types compute in f32; a weak
  /// type takes `context`).
  Type computeType(ast::DType t, Type context) {
    switch (t) {
    case ast::DType::F64:
      return b.getF64Type();
    case ast::DType::Weak:
      return context;
    default:
      return b.getF32Type();
    }
  }
  /// The storage type of a dtype.
  Type storageType(ast::DType t) {
    switch (t) {
    case ast::DType::F16:
      return b.getF16Type();
    case ast::DType::BF16:
      return b.getBF16Type();
    case ast::DType::F64:
      return b.getF64Type();
    default:
      return b.getF32Type();
    }
  }
  RankedTensorType tensorType(const ast::Shape &shape, Type elem) {
    SmallVector<int64_t> sizes;
    for (const ast::Dim &d : shape)
      sizes.push_back(d.isLiteral() ? d.size : ShapedType::kDynamic);
    return RankedTensorType::get(sizes, elem);
  }
  Type elemOf(Value v) { return cast<RankedTensorType>(v.getType()).getElementType(); }

  Value dimSize(StringRef name, Location l);
  Value broadcast(Value v, const ast::Shape &from, const ast::Shape &to,
                  Location l);
  Value constant(double value, Type elem, const ast::Shape &shape, Location l);
  /// reshape(x, [dims]) (only size-1 dims change): the size-1 dims of `x`
  /// summed away (one term each, exact), then the target's put in.
  Value emitReshape(const ast::Expr &e, Value x, Location l);
  /// Element `index` of `v` (shape `shape`) along `axis`, the axis dropped:
  /// the first slice of `v` shifted back by `index`.
  Value sliceAt(Value v, const ast::Shape &shape, int64_t axis, int64_t index,
                Location l);

  Value emit(const ast::Expr &e, Type context);
  Value emitName(const ast::Expr &e, Type context);
  /// Dim `name` as a 0-d tensor of `elem` holding its run-time size: the f64
  /// sum of a broadcast 1.0 over the dim (exact below 2^53), rounded once to
  /// `elem`, so that both targets evaluate it with ops they already have.
  Value dimValue(StringRef name, Type elem, Location l);
  Value emitBinary(const ast::Expr &e, Type context);
  Value emitCall(const ast::Expr &e, Type context);
  /// logaddexp of `terms` (two or more, folded from the left) at `at`'s
  /// shape and place, in `elem`, stable and exact at infinities, from
  /// max/min/exp/log1p; its ops spelled `spelled` for remarks (the builtin,
  /// or `log` for `log(exp(x) + exp(y) + ...)`).
  Value emitLogaddexp(ArrayRef<const ast::Expr *> terms, const ast::Expr &at,
                      Type elem, StringRef spelled);
  /// The x_i of a call `log(exp(x_1) + ... + exp(x_n))` (n >= 2: a sum of
  /// exps only), in order; empty for another call.
  static SmallVector<const ast::Expr *> expSumTerms(const ast::Expr &e);
  /// where(cond, a, b): an `arith.cmpf` of the condition's operands and an
  /// `arith.select`, all at the where's shape (no i1 tensor is broadcast).
  Value emitWhere(const ast::Expr &e, Type context);
  /// Emits the operands of an element-wise op in their joint compute type,
  /// each broadcast to `e`'s shape.
  SmallVector<Value> emitElementwiseOperands(const ast::Expr &e, Type context);
  Type jointType(const ast::Expr &e, Type context);

  void emitScan(const ast::Scan &scan);
  const ast::StateInfo *findState(const ast::Scan &scan, StringRef name) {
    for (const ast::StateInfo &s : scan.states)
      if (s.name == name)
        return &s;
    return nullptr;
  }

  OpBuilder b;
  const ast::File &file;
  const ast::Model &model;
  DimScope *scope = nullptr;

  /// Model-level tensors: inputs/params (after extf), lets, states, outputs.
  llvm::StringMap<Value> values;
  /// Names bound to constant-only (weak) expressions: emitted at their first
  /// use in each block and type (a weak let takes its user's type).
  llvm::StringMap<const ast::Expr *> weakNames;
  /// The value of each weak name emitted so far, by (name, type, block):
  /// without it, `let c2 = c1 + c1` chains re-emit exponentially many ops.
  std::map<std::tuple<std::string, const void *, Block *>, Value> weakValues;
  /// The value of weak name `name` (bound to `weak`) in `context`.
  Value emitWeak(StringRef name, const ast::Expr &weak, Type context);
  /// Inside a scan body: the per-step values (lets, states at t), the
  /// invariant block arguments, the sequence slices and the state lags.
  struct ScanContext {
    const ast::Scan *scan = nullptr;
    llvm::StringMap<Value> step;
    llvm::StringMap<Value> invariants;
    std::map<std::pair<std::string, int64_t>, Value> seqSlices;
    std::map<std::pair<std::string, int64_t>, Value> stateLags;
    /// `last(h)` calls of earlier scans' states (by node): emitted before
    /// the loop, their block arguments here.
    llvm::DenseMap<const ast::Expr *, Value> lasts;
  };
  ScanContext *scanCtx = nullptr;
};

/// Calls `fn` on every node of `e`, parents first, left to right (with a
/// stack: a chain of 100k terms is 100k nodes deep), and on a node's
/// operands only where `fn` returns true.
void walkExpr(const ast::Expr &e,
              const std::function<bool(const ast::Expr &)> &fn);

} // namespace sluice::irgen

#endif // SLUICE_FRONTEND_IRGENMODEL_H
