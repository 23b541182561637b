//===- SlCumulativeToScan.cpp - sl.cumulative -> sl.scan ------------------===//
//
// Each prefix op is a one-component scan whose init is the op's identity:
//   sum:       linear,      M = 1, f = x   (h = h + x,       init 0)
//   prod:      linear,      M = x, f = 0   (h = x * h,       init 1)
//   max:       max_plus,    M = 1, f = x   (h = max(h, x),   init -inf)
//   min:       min_plus,    M = 1, f = x   (h = min(h, x),   init +inf)
//   logsumexp: log_add_exp, M = 1, f = x   (h = lae(h, x),   init -inf)
// `1` is the semiring's one (0 in the tropical semirings), so `M = 1` adds
// nothing. `reverse` and `exclusive` carry over: an exclusive scan's result
// at t is the state before step t, the identity first (ONNX semantics).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/ScanUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace sluice {
#define GEN_PASS_DEF_SLCUMULATIVETOSCAN
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

struct CumulativeToScan : OpRewritePattern<sl::CumulativeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(sl::CumulativeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t axis = op.getAxis();
    sl::Semiring semiring = sl::Semiring::linear;
    double identity = 0;
    bool prod = false;
    switch (op.getKind()) {
    case sl::CumulativeKind::sum:
      break;
    case sl::CumulativeKind::prod:
      identity = 1;
      prod = true;
      break;
    case sl::CumulativeKind::max:
      semiring = sl::Semiring::max_plus;
      identity = -INFINITY;
      break;
    case sl::CumulativeKind::min:
      semiring = sl::Semiring::min_plus;
      identity = INFINITY;
      break;
    case sl::CumulativeKind::logsumexp:
      semiring = sl::Semiring::log_add_exp;
      identity = -INFINITY;
      break;
    }
    Value init = createFilledSlice(rewriter, loc, x, axis, identity);
    Value steps = rewriter.create<tensor::DimOp>(loc, x, axis);
    SmallVector<Value> coeffs, inputs;
    (prod ? coeffs : inputs).push_back(x);
    auto scan = rewriter.create<sl::ScanOp>(
        loc, TypeRange{type}, sl::SemiringAttr::get(getContext(), semiring),
        steps, rewriter.getI64IntegerAttr(axis - type.getRank()),
        op.getReverseAttr(), op.getExclusiveAttr(),
        sl::StructureAttr::get(getContext(), prod ? "v" : "1"),
        sl::StructureAttr::get(getContext(), prod ? "0" : "v"), coeffs, inputs,
        ValueRange{init});
    op.emitRemark() << userOpName(op) << " became a parallel "
                    << semiringName(semiring) << " scan";
    rewriter.replaceOp(op, scan.getResults());
    return success();
  }
};

struct CumulativeToScanPass
    : sluice::impl::SlCumulativeToScanBase<CumulativeToScanPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateCumulativeToScanPatterns(patterns);
    // Only the prefix ops are rewritten; the rest of the IR is left as is.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](sl::CumulativeOp op) { ops.push_back(op); });
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingOps;
    // The driver pops its worklist from the back: remarks in program order.
    std::reverse(ops.begin(), ops.end());
    (void)applyOpPatternsAndFold(ops, std::move(patterns), config);
  }
};

} // namespace

void sluice::populateCumulativeToScanPatterns(RewritePatternSet &patterns) {
  patterns.add<CumulativeToScan>(patterns.getContext());
}
