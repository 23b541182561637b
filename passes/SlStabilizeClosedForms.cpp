//===- SlStabilizeClosedForms.cpp - closed forms -> stable scans ----------===//
//
//   exp(L) * cumsum(exp(-L) * u),  L = cumsum(l)   ->  h = exp(l) * h + u
//   exp(L) * cumsum(u / exp(L))                    ->  the same
//   P * cumsum(u / P),             P = cumprod(p)  ->  h = p * h + u
//
// (operands of `*` in either order; `1 / exp(L)` and `1 / P` spelled as
// products too). Forward: exp(L_t - L_s) = prod_{r=s+1..t} exp(l_r), so
// h_t = sum_{s<=t} exp(L_t - L_s) u_s is the recurrence; reverse likewise.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/RecurrenceAnalysis.h"
#include "passes/ScanUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace sluice {
#define GEN_PASS_DEF_SLSTABILIZECLOSEDFORMS
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

/// A non-exclusive prefix op of `kind`, if `v` is one.
sl::CumulativeOp getPrefix(Value v, sl::CumulativeKind kind) {
  auto op = v.getDefiningOp<sl::CumulativeOp>();
  if (!op || op.getKind() != kind || op.getExclusive())
    return {};
  return op;
}

/// True when `a` and `b` compute the same prefix op of the same input.
bool samePrefix(Value a, Value b) {
  if (a == b)
    return true;
  auto x = a.getDefiningOp<sl::CumulativeOp>();
  auto y = b.getDefiningOp<sl::CumulativeOp>();
  return x && y && x.getKind() == y.getKind() && x.getAxis() == y.getAxis() &&
         x.getReverse() == y.getReverse() &&
         x.getExclusive() == y.getExclusive() && x.getInput() == y.getInput();
}

/// The growth factor `exp(L)` (L = cumsum(l)) or `P` (P = cumprod(p)).
struct Growth {
  sl::CumulativeOp prefix;
  /// The `math.exp` of the cumsum form; null for cumprod.
  Operation *exp = nullptr;
};

std::optional<Growth> matchGrowth(Value v) {
  if (auto exp = v.getDefiningOp<math::ExpOp>()) {
    if (auto l = getPrefix(exp.getOperand(), sl::CumulativeKind::sum))
      return Growth{l, exp};
    return std::nullopt;
  }
  if (auto p = getPrefix(v, sl::CumulativeKind::prod))
    return Growth{p, nullptr};
  return std::nullopt;
}

/// True when `v` is the growth `g` again (possibly recomputed).
bool isGrowth(Value v, Growth g) {
  if (!g.exp)
    return samePrefix(v, g.prefix);
  auto exp = v.getDefiningOp<math::ExpOp>();
  return exp && samePrefix(exp.getOperand(), g.prefix);
}

/// True when `v` is `-x` (negf, `-1 * x`, `0 - x`) of an `x` with `pred`.
bool isNegationOf(Value v, llvm::function_ref<bool(Value)> pred) {
  Operation *op = v.getDefiningOp();
  if (auto neg = dyn_cast_or_null<arith::NegFOp>(op))
    return pred(neg.getOperand());
  if (auto mul = dyn_cast_or_null<arith::MulFOp>(op))
    return (getSplatValue(mul.getLhs()) == -1.0 && pred(mul.getRhs())) ||
           (getSplatValue(mul.getRhs()) == -1.0 && pred(mul.getLhs()));
  if (auto sub = dyn_cast_or_null<arith::SubFOp>(op))
    return getSplatValue(sub.getLhs()) == 0.0 && pred(sub.getRhs());
  return false;
}

/// True when `v` is `1 / g`: `exp(-L)` for the cumsum form, or `1 / g`.
bool isDecay(Value v, Growth g) {
  if (auto div = v.getDefiningOp<arith::DivFOp>())
    if (getSplatValue(div.getLhs()) == 1.0 && isGrowth(div.getRhs(), g))
      return true;
  if (!g.exp)
    return false;
  auto exp = v.getDefiningOp<math::ExpOp>();
  return exp && isNegationOf(exp.getOperand(), [&](Value x) {
           return samePrefix(x, g.prefix);
         });
}

/// The `u` of `decay * u`, `u * decay` or `u / growth`, if `v` is one.
Value matchWeighted(Value v, Growth g) {
  if (auto mul = v.getDefiningOp<arith::MulFOp>()) {
    if (isDecay(mul.getLhs(), g))
      return mul.getRhs();
    if (isDecay(mul.getRhs(), g))
      return mul.getLhs();
  }
  if (auto div = v.getDefiningOp<arith::DivFOp>())
    if (isGrowth(div.getRhs(), g))
      return div.getLhs();
  return nullptr;
}

struct StabilizeClosedForm : OpRewritePattern<arith::MulFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::MulFOp mul,
                                PatternRewriter &rewriter) const override {
    for (auto [a, c] : {std::pair(mul.getLhs(), mul.getRhs()),
                        std::pair(mul.getRhs(), mul.getLhs())}) {
      sl::CumulativeOp outer = getPrefix(c, sl::CumulativeKind::sum);
      std::optional<Growth> growth = matchGrowth(a);
      if (!outer || !growth || growth->prefix.getAxis() != outer.getAxis() ||
          growth->prefix.getReverse() != outer.getReverse())
        continue;
      Value u = matchWeighted(outer.getInput(), *growth);
      if (!u)
        continue;
      rewrite(mul, outer, *growth, u, rewriter);
      return success();
    }
    return failure();
  }

  void rewrite(arith::MulFOp mul, sl::CumulativeOp outer, Growth growth,
               Value u, PatternRewriter &rewriter) const {
    Location loc = mul.getLoc();
    int64_t axis = outer.getAxis();
    auto type = cast<RankedTensorType>(u.getType());
    Value base = growth.prefix.getInput();
    Value coeff = base;
    if (growth.exp)
      coeff = rewriter.create<math::ExpOp>(growth.exp->getLoc(), base);
    Value init = createFilledSlice(rewriter, loc, u, axis, 0);
    Value steps = rewriter.create<tensor::DimOp>(loc, u, axis);
    auto scan = rewriter.create<sl::ScanOp>(
        loc, TypeRange{type},
        sl::SemiringAttr::get(getContext(), sl::Semiring::linear), steps,
        rewriter.getI64IntegerAttr(axis - type.getRank()),
        outer.getReverseAttr(), UnitAttr(),
        sl::StructureAttr::get(getContext(), "v"),
        sl::StructureAttr::get(getContext(), "v"), ValueRange{coeff}, ValueRange{u},
        ValueRange{init});
    if (growth.exp)
      outer.emitRemark() << "exp(L) * cumsum(exp(-L) * u) with L = cumsum(l) "
                            "became the stable recurrence h[t] = exp(l[t]) * "
                            "h[t-1] + u[t], a parallel linear scan";
    else
      outer.emitRemark() << "P * cumsum(u / P) with P = cumprod(p) became the "
                            "recurrence h[t] = p[t] * h[t-1] + u[t], a "
                            "parallel linear scan";
    Operation *growthOp = mul.getLhs() == outer.getResult()
                              ? mul.getRhs().getDefiningOp()
                              : mul.getLhs().getDefiningOp();
    rewriter.replaceOp(mul, scan.getResults());
    // Erase what only fed the closed form, users before producers.
    SmallVector<Operation *> worklist{outer, growthOp};
    llvm::SmallPtrSet<Operation *, 8> erased;
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      if (!op || erased.contains(op) || !op->use_empty() ||
          !isMemoryEffectFree(op))
        continue;
      for (Value v : op->getOperands())
        worklist.push_back(v.getDefiningOp());
      erased.insert(op);
      rewriter.eraseOp(op);
    }
  }
};

struct StabilizeClosedFormsPass
    : sluice::impl::SlStabilizeClosedFormsBase<StabilizeClosedFormsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateStabilizeClosedFormsPatterns(patterns);
    SmallVector<Operation *> ops;
    getOperation()->walk([&](arith::MulFOp op) { ops.push_back(op); });
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingOps;
    // The driver pops its worklist from the back: remarks in program order.
    std::reverse(ops.begin(), ops.end());
    (void)applyOpPatternsAndFold(ops, std::move(patterns), config);
  }
};

} // namespace

void sluice::populateStabilizeClosedFormsPatterns(RewritePatternSet &patterns) {
  patterns.add<StabilizeClosedForm>(patterns.getContext());
}
