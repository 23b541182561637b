//===- FusionRules.cpp - Which element-wise values are stored -------------===//

#include "passes/FusionRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/DenseSet.h"

#include <algorithm>

using namespace mlir;

namespace sluice {

bool isBoolean(Value v) { return getElementTypeOrSelf(v.getType()).isInteger(1); }

bool isFusable(Operation *op) {
  return isElementwise(op) || isa<sl::ShiftOp>(op);
}

bool isElementwise(Operation *op) {
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    return isa<SplatElementsAttr>(c.getValue()) &&
           isa<FloatType>(getElementTypeOrSelf(c.getType()));
  // Element by element only when the condition is a tensor too (a scalar
  // i1 condition picks one whole tensor).
  if (auto select = dyn_cast<arith::SelectOp>(op))
    return isa<RankedTensorType>(select.getCondition().getType());
  return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
             arith::NegFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::ExtFOp, arith::TruncFOp, arith::CmpFOp, arith::SelectOp,
             math::ExpOp, math::LogOp,
             math::Log1pOp, math::ExpM1Op, math::SqrtOp, math::RsqrtOp,
             math::TanhOp, math::AbsFOp, math::SinOp, math::CosOp,
             math::PowFOp, math::ErfOp, sl::SigmoidOp, sl::SoftplusOp,
             sl::SiluOp, sl::GeluOp, sl::BroadcastOp>(op);
}

namespace {

/// Depth and size (as a tree) of an element-wise value computed inline.
struct FusedExtent {
  int64_t depth = 0;
  int64_t ops = 0;
};

/// Walks a function's ops in program order, as the code generator does,
/// deciding each fusable op from what is stored before it.
class FusionDecider {
public:
  FusionDecider(func::FuncOp function, const FusionOptions &options)
      : options(options) {
    if (auto ret = dyn_cast<func::ReturnOp>(
            function.getBody().front().getTerminator()))
      for (Value v : ret.getOperands())
        results.insert(v);
  }

  /// Decides the fusable ops of `block`, and of the sl.loop bodies in it.
  void run(Block &block) {
    for (Operation &op : block) {
      if (isFusable(&op)) {
        decide(&op);
        continue;
      }
      // What the code generator stores before it generates these ops
      // (a sequential loop computes what its body reads first, a matmul
      // reads buffers): later values stop counting at them.
      if (auto loop = dyn_cast<sl::LoopOp>(op)) {
        for (auto range : {loop.getSeqs(), loop.getInvariants(), loop.getInits()})
          for (Value v : range)
            markStored(v);
        run(loop.getBody().front());
      } else if (auto matmul = dyn_cast<sl::MatmulOp>(op)) {
        markStored(matmul.getLhs());
        markStored(matmul.getRhs());
      }
    }
  }

  llvm::DenseMap<Operation *, sl::Fusion> decisions;

private:
  void markStored(Value v) {
    Operation *def = v.getDefiningOp();
    if (def && isFusable(def) && !isBoolean(v)) {
      stored.insert(v);
      fused.erase(v);
    }
  }

  /// Element-wise ops `v` costs when computed inline (up to its leaves).
  int64_t inlineCost(Value v, int64_t budget) {
    Operation *def = v.getDefiningOp();
    if (!def || stored.contains(v) || !isFusable(def) || budget <= 0)
      return 0;
    int64_t cost = isa<sl::BroadcastOp, arith::ConstantOp>(def) ? 0 : 1;
    for (Value operand : def->getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        cost += inlineCost(operand, budget - cost);
    return cost;
  }

  /// A transcendental value (exp, log, an activation, ...) that a
  /// broadcast computes inline, and which dim of the broadcast's result
  /// each of its dims is.
  struct Reached {
    Value value;
    llvm::SmallVector<int64_t> resultDims;
  };

  /// The transcendental values that `v` computes inline, up to the values
  /// already stored (`budget` bounds the walk); `resultDims` says which dim
  /// of the broadcast's result each of `v`'s dims is.
  void transcendentalsOf(Value v, llvm::ArrayRef<int64_t> resultDims,
                         int64_t &budget, llvm::SmallVectorImpl<Reached> &found) {
    Operation *def = v.getDefiningOp();
    if (!def || stored.contains(v) || !isFusable(def) || --budget < 0)
      return;
    if (isa<math::ExpOp, math::LogOp, math::Log1pOp, math::ExpM1Op,
            math::SqrtOp, math::RsqrtOp, math::TanhOp, math::SinOp,
            math::CosOp, math::PowFOp, math::ErfOp, sl::SigmoidOp,
            sl::SoftplusOp, sl::SiluOp, sl::GeluOp>(def)) {
      found.push_back({v, llvm::SmallVector<int64_t>(resultDims)});
      return;
    }
    if (auto broadcast = dyn_cast<sl::BroadcastOp>(def)) {
      llvm::SmallVector<int64_t> inner;
      for (int64_t d : broadcast.getDims())
        inner.push_back(resultDims[d]);
      transcendentalsOf(broadcast.getInput(), inner, budget, found);
      return;
    }
    // Element-wise ops and shifts keep their operands' shape.
    for (Value operand : def->getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        transcendentalsOf(operand, resultDims, budget, found);
  }

  /// Stores each transcendental value that broadcast `op` computes inline
  /// and spreads along kMinStretchedDims or more of the result's dims that
  /// come after its own (the trailing dims of a scan's state: each element
  /// would compute it again). Dims before its own (a parameter per channel
  /// spread along batch and time) do not count: the scan kernels compute
  /// such a value once per channel.
  void storeStretched(sl::BroadcastOp op) {
    llvm::SmallVector<Reached> found;
    int64_t budget = kMaxFusedOps;
    transcendentalsOf(op.getInput(), op.getDims(), budget, found);
    auto result = cast<RankedTensorType>(op.getResult().getType());
    for (Reached &reached : found) {
      Value v = reached.value;
      auto type = cast<RankedTensorType>(v.getType());
      int64_t last = -1; // the result dim of v's last dim that is not 1
      for (int64_t i = 0; i < type.getRank(); ++i)
        if (type.getDimSize(i) != 1)
          last = std::max(last, reached.resultDims[i]);
      int64_t spread = 0;
      for (int64_t d = last + 1; d < result.getRank(); ++d)
        if (result.getDimSize(d) != 1)
          ++spread;
      Operation *def = v.getDefiningOp();
      auto decision = decisions.find(def);
      if (spread < kMinStretchedDims || stored.contains(v) || isBoolean(v) ||
          decision == decisions.end() ||
          decision->second != sl::Fusion::inlined)
        continue;
      decision->second = sl::Fusion::store_broadcast;
      stored.insert(v);
      fused.erase(v);
    }
  }

  void decide(Operation *op) {
    if (options.fusion)
      if (auto broadcast = dyn_cast<sl::BroadcastOp>(op))
        storeStretched(broadcast);
    Value v = op->getResult(0);
    bool several = !v.hasOneUse() && !v.use_empty();
    bool costly =
        several && inlineCost(v, kRecomputeBudget + 1) > kRecomputeBudget;
    FusedExtent extent{1, 1};
    for (Value operand : op->getOperands())
      if (!stored.contains(operand)) {
        FusedExtent e = fused.lookup(operand);
        extent.depth = std::max(extent.depth, 1 + e.depth);
        extent.ops = std::min(extent.ops + e.ops, kMaxFusedOps + 1);
      }
    sl::Fusion decision = sl::Fusion::inlined;
    if (isBoolean(v))
      decision = sl::Fusion::inlined; // always inline, even with fusion off
    else if (!options.fusion)
      decision = sl::Fusion::store_unfused;
    else if (results.contains(v))
      decision = sl::Fusion::store_result;
    else if (costly)
      decision = sl::Fusion::store_shared;
    else if (extent.depth > kMaxFusedDepth)
      decision = sl::Fusion::store_deep;
    else if (extent.ops > kMaxFusedOps)
      decision = sl::Fusion::store_wide;
    decisions[op] = decision;
    if (decision == sl::Fusion::inlined)
      fused[v] = extent;
    else
      stored.insert(v);
  }

  FusionOptions options;
  llvm::DenseSet<Value> results, stored;
  llvm::DenseMap<Value, FusedExtent> fused;
};

} // namespace

llvm::DenseMap<Operation *, sl::Fusion>
decideFusion(func::FuncOp function, const FusionOptions &options) {
  FusionDecider decider(function, options);
  decider.run(function.getBody().front());
  return std::move(decider.decisions);
}

std::optional<sl::Fusion> recordedFusion(Operation *op) {
  if (auto attr = op->getAttrOfType<sl::FusionAttr>(kFusionAttrName))
    return attr.getValue();
  return std::nullopt;
}

} // namespace sluice
