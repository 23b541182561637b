//===- SlShareStabilizedExps.cpp - one exp for a stabilised pair ----------===//
//
// Stabilised recurrences subtract a running maximum before they
// exponentiate both candidates (RWKV-4's WKV, mLSTM's gates, an online
// softmax):
//
//   m = max(x, y);  e_x = exp(x - m);  e_y = exp(y - m)
//
// One of the two exponents is 0 (or NaN), so one exp serves both:
//
//   c = x >= y;  z = exp(c ? y - m : x - m)
//   e_x = c ? (x - m) + 1 : z;  e_y = c ? z : (y - m) + 1
//
// with the pair's results, bit for bit (the sign of a NaN aside, which
// IEEE leaves open): z is the exp of the pair's own exponent wherever it
// is selected, and a `1` branch is taken only where its exponent t is
// +-0 or NaN, where exp(t) = t + 1:
// - x >= y (ordered): m = x, so x - m is 0, or NaN for an infinite x.
// - x < y (ordered): m = y, so y - m is 0 or NaN.
// - unordered (a NaN): c is false and y - m is NaN (a NaN y, or a NaN m:
//   arith.maximumf propagates NaN), or 0 or NaN where m = y (a
//   maximum that ignores a NaN x, as OpenCL's fmax would).
//
// Each pair loses an exp and gains a comparison, three selects and two
// additions. The new ops sit at the user's exps' locations and are named
// `exp` in remarks (`sl.spelled`): a remark blaming one of the selects
// would otherwise name a `where` the user never wrote. On the CPU, RWKV-4 at
// (4, 2048, 1024) went from 8.96 to 7.9 ms with its two pairs shared by
// this pass (7.15 ms with the inexact `where(c, 1, z)` written by hand;
// benchmarks/NOTES.md entry 34).
//
// It runs first in the `recognized` stage, on `sl.loop` bodies as well as
// the function's own ops, so that a pair whose maximum is a state (RWKV's
// p[t] = max(p[t-1] - w, k[t]) read as exp(p[t-1] - w - p[t])) is seen
// before recognition turns the state into a scan result. A subtraction's
// first operand matches x (or y) when it computes the same thing, as
// IRGen writes `bonus + k[t]` twice (sameValue below).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/ScanUtils.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace sluice {
#define GEN_PASS_DEF_SLSHARESTABILIZEDEXPS
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

/// How deep sameValue compares the ops that compute two values.
constexpr int kSameValueDepth = 6;

/// True when `a` and `b` are the same value, or computed by the same pure
/// ops (name, attributes, result types; locations aside) from operands that
/// are the same, `depth` ops deep at most.
bool sameValue(Value a, Value b, int depth = kSameValueDepth) {
  if (a == b)
    return true;
  if (depth == 0 || a.getType() != b.getType())
    return false;
  auto ra = dyn_cast<OpResult>(a), rb = dyn_cast<OpResult>(b);
  if (!ra || !rb || ra.getResultNumber() != rb.getResultNumber())
    return false;
  Operation *p = ra.getOwner(), *q = rb.getOwner();
  if (p->getName() != q->getName() || p->getNumRegions() != 0 ||
      q->getNumRegions() != 0 || !isMemoryEffectFree(p) ||
      p->getAttrDictionary() != q->getAttrDictionary() ||
      p->getResultTypes() != q->getResultTypes() ||
      p->getNumOperands() != q->getNumOperands())
    return false;
  for (auto [u, v] : llvm::zip(p->getOperands(), q->getOperands()))
    if (!sameValue(u, v, depth - 1))
      return false;
  return true;
}

/// The exps of one maximum `m = max(x, y)`: exp(x - m) and exp(y - m).
struct Pair {
  SmallVector<math::ExpOp> ofX, ofY;
};

/// Whether values of `type` get the shared form: a float scalar or a
/// ranked tensor of floats (whose `1` the pass can build; a vector, which
/// no sluice model has, keeps its pair).
bool sharable(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return isa<FloatType>(tensor.getElementType());
  return isa<FloatType>(type);
}

/// `1` of `like`'s type: a splat of its shape, or a scalar.
Value oneLike(OpBuilder &b, Location loc, Value like) {
  if (isa<RankedTensorType>(like.getType()))
    return createFilledSlice(b, loc, like, /*absAxis=*/-1, 1.0);
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(like.getType(), 1.0));
}

/// Erases each of `roots` that nothing reads and that has no effect, then
/// the ops that computed its operands likewise (an exponent's recomputed
/// `x`), once the pairs are rewritten (such an op may be another pair's).
void eraseDead(ArrayRef<Operation *> roots) {
  SmallVector<Operation *> worklist(roots.begin(), roots.end());
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!op || erased.contains(op) || !isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      worklist.push_back(operand.getDefiningOp());
    erased.insert(op);
    op->erase();
  }
}

struct ShareStabilizedExpsPass
    : sluice::impl::SlShareStabilizedExpsBase<ShareStabilizedExpsPass> {
  void runOnOperation() override {
    // Every exp of a difference from a maximum, by maximum, in program order.
    llvm::MapVector<Operation *, Pair> pairs;
    getOperation()->walk([&](math::ExpOp exp) {
      auto sub = exp.getOperand().getDefiningOp<arith::SubFOp>();
      if (!sub)
        return;
      auto max = sub.getRhs().getDefiningOp<arith::MaximumFOp>();
      if (!max || !sharable(max.getType()) ||
          sameValue(max.getLhs(), max.getRhs()))
        return;
      if (sameValue(sub.getLhs(), max.getLhs()))
        pairs[max].ofX.push_back(exp);
      else if (sameValue(sub.getLhs(), max.getRhs()))
        pairs[max].ofY.push_back(exp);
    });
    SmallVector<Operation *> unused; // (the pairs' own exponents)
    for (auto &[op, pair] : pairs) {
      if (pair.ofX.empty() || pair.ofY.empty())
        continue; // (one exp: nothing to share)
      auto max = cast<arith::MaximumFOp>(op);
      // The new ops stand for the user's exps: at the first one's location
      // and named `exp` in remarks (a select there would read as a `where`
      // the user never wrote).
      Location loc = pair.ofX.front().getLoc();
      Location locY = pair.ofY.front().getLoc();
      OpBuilder b(max);
      b.setInsertionPointAfter(max);
      Value x = max.getLhs(), y = max.getRhs();
      // The pair's exponents again, here (each exp's own may sit later).
      Value fromX = b.create<arith::SubFOp>(loc, x, max);
      Value fromY = b.create<arith::SubFOp>(loc, y, max);
      auto xFirst =
          b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, y);
      auto exponent = b.create<arith::SelectOp>(loc, xFirst, fromY, fromX);
      Value z = b.create<math::ExpOp>(loc, exponent);
      Value one = oneLike(b, loc, fromX);
      auto plusX = b.create<arith::AddFOp>(loc, fromX, one);
      auto sharedX = b.create<arith::SelectOp>(loc, xFirst, plusX, z);
      auto plusY = b.create<arith::AddFOp>(locY, fromY, one);
      auto sharedY = b.create<arith::SelectOp>(locY, xFirst, z, plusY);
      for (Operation *made : {xFirst.getOperation(), exponent.getOperation(),
                              plusX.getOperation(), sharedX.getOperation(),
                              plusY.getOperation(), sharedY.getOperation()})
        made->setAttr(kSpelledAttr, b.getStringAttr("exp"));
      for (bool ofX : {true, false})
        for (math::ExpOp exp : ofX ? pair.ofX : pair.ofY) {
          unused.push_back(exp.getOperand().getDefiningOp());
          exp.replaceAllUsesWith(ofX ? sharedX.getResult()
                                     : sharedY.getResult());
          exp.erase();
        }
    }
    eraseDead(unused);
  }
};

} // namespace
