//===- LoopSplitting.cpp - Take states out of an sl.loop ------------------===//

#include "passes/LoopSplitting.h"
#include "passes/RecurrenceAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <cmath>

using namespace mlir;

namespace sluice {

static constexpr StringLiteral kStateNames = "sl.state_names";

SmallVector<std::string> getStateNames(sl::LoopOp loop) {
  SmallVector<std::string> names;
  auto attr = loop->getAttrOfType<ArrayAttr>(kStateNames);
  for (unsigned i = 0, e = loop.getNumResults(); i < e; ++i) {
    StringAttr name;
    if (attr && i < attr.size())
      name = dyn_cast<StringAttr>(attr[i]);
    names.push_back(name ? name.str() : "state" + std::to_string(i));
  }
  return names;
}

/// Erases the body ops whose results are unused and that have no effects.
static void eraseDeadOps(Block &body) {
  SmallVector<Operation *> ops;
  for (Operation &op : body.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (op->use_empty() && isMemoryEffectFree(op))
      op->erase();
}

/// The slice type of `full` along scan axis `axis` (counted from the end).
static RankedTensorType sliceOf(Value full, int64_t axis) {
  auto type = cast<RankedTensorType>(full.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + type.getRank() + axis);
  return RankedTensorType::get(shape, type.getElementType());
}

/// The splat value of an init (IRGen writes `-1e38` as `negf` of 1e38).
static std::optional<double> initValue(Value init) {
  if (auto bcast = init.getDefiningOp<sl::BroadcastOp>())
    return initValue(bcast.getInput());
  if (auto neg = init.getDefiningOp<arith::NegFOp>()) {
    std::optional<double> v = initValue(neg.getOperand());
    return v ? std::optional<double>(-*v) : std::nullopt;
  }
  return getSplatValue(init);
}

std::optional<double>
uniformInit(sl::LoopOp loop, unsigned state,
            llvm::function_ref<bool(unsigned lag)> isRead) {
  std::optional<double> value = 0.0;
  bool any = false;
  for (unsigned l = 1; l <= loop.getLags()[state]; ++l) {
    if (!isRead(l))
      continue;
    std::optional<double> init =
        initValue(loop.getInits()[loop.getFirstInitIndex(state) + l - 1]);
    if (!init || !std::isfinite(*init) || (any && *init != *value))
      return std::nullopt;
    value = init;
    any = true;
  }
  return value;
}

bool earlierValuesShift(sl::LoopOp loop, unsigned state,
                        llvm::function_ref<bool(unsigned lag)> isRead) {
  if (uniformInit(loop, state, isRead))
    return true;
  RankedTensorType step = sliceOf(loop.getResult(state), loop.getAxis());
  for (unsigned l = 1; l <= loop.getLags()[state]; ++l)
    if (isRead(l) &&
        loop.getInits()[loop.getFirstInitIndex(state) + l - 1].getType() !=
            step)
      return false;
  return true;
}

namespace {
/// Builds the shifted operands of splitOffStates for inits that are not one
/// constant: each first step selects its init, broadcast along the axis.
class InitSelects {
public:
  InitSelects(OpBuilder &builder, Location loc, Value full, int64_t axis,
              bool reverse)
      : builder(builder), loc(loc), full(full),
        type(cast<RankedTensorType>(full.getType())),
        position(type.getRank() + axis), reverse(reverse) {
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        dynamicSizes.push_back(builder.create<tensor::DimOp>(loc, full, d));
  }

  /// `shift(full, lag)` with the steps before `lag` (in execution order)
  /// taken from `inits`: `inits[i]` is the init at lag i + 1.
  Value shifted(unsigned lag, ArrayRef<Value> inits) {
    Value result = shift(full, lag);
    for (unsigned j = 0; j < lag; ++j)
      result = builder.create<arith::SelectOp>(
          loc, isStep(j), alongAxis(inits[lag - j - 1]), result);
    return result;
  }

private:
  Value shift(Value v, unsigned by) {
    if (by == 0)
      return v;
    return builder.create<sl::ShiftOp>(
        loc, v, builder.getI64IntegerAttr(position),
        builder.getI64IntegerAttr(reverse ? -int64_t(by) : int64_t(by)));
  }

  /// True at execution step `j` only: shift(1, j) - shift(1, j + 1) > 0.5.
  Value isStep(unsigned j) {
    if (!ones) {
      auto scalar = RankedTensorType::get({}, type.getElementType());
      Value one = builder.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(
                   scalar, builder.getFloatAttr(type.getElementType(), 1.0)));
      ones = builder.create<sl::BroadcastOp>(loc, type, one,
                                             ArrayRef<int64_t>{}, dynamicSizes);
      auto half = builder.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(
                   scalar, builder.getFloatAttr(type.getElementType(), 0.5)));
      halves = builder.create<sl::BroadcastOp>(
          loc, type, half, ArrayRef<int64_t>{}, dynamicSizes);
    }
    Value step =
        builder.create<arith::SubFOp>(loc, shift(ones, j), shift(ones, j + 1));
    return builder.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, step,
                                         halves);
  }

  /// `init` (one step's shape) repeated along the axis.
  Value alongAxis(Value init) {
    auto it = broadcasts.find(init);
    if (it != broadcasts.end())
      return it->second;
    auto initType = cast<RankedTensorType>(init.getType());
    SmallVector<int64_t> dims;
    SmallVector<Value> sizes;
    unsigned dynamic = 0;
    for (int64_t d = 0, i = 0; d < type.getRank(); ++d) {
      bool isDynamic = type.isDynamicDim(d);
      bool fromOperand = d != position;
      if (fromOperand) {
        dims.push_back(d);
        // A dynamic result dim takes its size from a dynamic operand dim.
        bool mapped = isDynamic && initType.isDynamicDim(i);
        ++i;
        if (isDynamic && !mapped)
          sizes.push_back(dynamicSizes[dynamic]);
      } else if (isDynamic) {
        sizes.push_back(dynamicSizes[dynamic]);
      }
      dynamic += isDynamic;
    }
    Value v = builder.create<sl::BroadcastOp>(loc, type, init, dims, sizes);
    broadcasts[init] = v;
    return v;
  }

  OpBuilder &builder;
  Location loc;
  Value full;
  RankedTensorType type;
  int64_t position;
  bool reverse;
  SmallVector<Value> dynamicSizes;
  Value ones, halves;
  llvm::DenseMap<Value, Value> broadcasts;
};
} // namespace

sl::LoopOp splitOffStates(sl::LoopOp loop, ArrayRef<unsigned> extracted,
                          ArrayRef<Value> values) {
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  Block &body = loop.getBody().front();
  int64_t axis = loop.getAxis();
  ArrayRef<int64_t> lags = loop.getLags();
  unsigned numSeqs = loop.getSeqs().size(),
           numInvs = loop.getInvariants().size();

  // New sequence operands; their arguments go on the old block for now.
  SmallVector<Value> extraSeqs;
  SmallVector<BlockArgument> extraArgs;
  auto addSeq = [&](Value full) {
    extraSeqs.push_back(full);
    extraArgs.push_back(body.addArgument(sliceOf(full, axis), loc));
    return extraArgs.back();
  };

  // A removed state's current value (what it yields) is the new operand's
  // slice; what only computed it dies.
  for (auto [s, full] : llvm::zip(extracted, values))
    loop.getYield().getValues()[s].replaceAllUsesWith(addSeq(full));
  eraseDeadOps(body);

  // Earlier values: shifted operands, or the state stays as a pass-through.
  llvm::SmallDenseSet<unsigned> kept;
  for (unsigned s = 0; s < lags.size(); ++s)
    if (!llvm::is_contained(extracted, s))
      kept.insert(s);
  for (auto [s, full] : llvm::zip(extracted, values)) {
    unsigned state = s; // a structured binding cannot be captured in C++17
    auto isRead = [&](unsigned l) {
      return !loop.getStateArg(state, l).use_empty();
    };
    std::optional<double> init = uniformInit(loop, state, isRead);
    if (!init && earlierValuesShift(loop, state, isRead)) {
      InitSelects selects(builder, loc, full, axis, loop.getReverse());
      SmallVector<Value> inits;
      for (unsigned l = 1; l <= lags[s]; ++l)
        inits.push_back(loop.getInits()[loop.getFirstInitIndex(s) + l - 1]);
      for (unsigned l = 1; l <= lags[s]; ++l) {
        BlockArgument arg = loop.getStateArg(s, l);
        if (!arg.use_empty())
          arg.replaceAllUsesWith(addSeq(selects.shifted(l, inits)));
      }
      continue;
    }
    if (!init) {
      kept.insert(s);
      continue;
    }
    auto type = cast<RankedTensorType>(full.getType());
    IntegerAttr shiftAxis = builder.getI64IntegerAttr(type.getRank() + axis);
    // A non-zero init c fills the first l steps: shift(x) + (c - shift(c)),
    // exact (c - c = 0 after them, 0 + c = c before).
    Value fill;
    if (*init != 0.0) {
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(builder.create<tensor::DimOp>(loc, full, d));
      auto scalar = RankedTensorType::get({}, type.getElementType());
      Value c = builder.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(
                   scalar, builder.getFloatAttr(type.getElementType(), *init)));
      fill = builder.create<sl::BroadcastOp>(loc, type, c, ArrayRef<int64_t>{},
                                             sizes);
    }
    for (unsigned l = 1; l <= lags[s]; ++l) {
      BlockArgument arg = loop.getStateArg(s, l);
      if (arg.use_empty())
        continue;
      IntegerAttr amount = builder.getI64IntegerAttr(
          loop.getReverse() ? -int64_t(l) : int64_t(l));
      Value shifted = builder.create<sl::ShiftOp>(loc, full, shiftAxis, amount);
      if (fill) {
        Value fillShifted =
            builder.create<sl::ShiftOp>(loc, fill, shiftAxis, amount);
        Value head = builder.create<arith::SubFOp>(loc, fill, fillShifted);
        shifted = builder.create<arith::AddFOp>(loc, shifted, head);
      }
      arg.replaceAllUsesWith(addSeq(shifted));
    }
  }

  // Yield only what stays; what computed the rest dies.
  SmallVector<unsigned> keptStates;
  for (unsigned s = 0; s < lags.size(); ++s)
    if (kept.contains(s))
      keptStates.push_back(s);
  sl::YieldOp oldYield = loop.getYield();
  SmallVector<Value> yielded;
  for (unsigned s : keptStates)
    yielded.push_back(oldYield.getValues()[s]);
  OpBuilder::atBlockEnd(&body).create<sl::YieldOp>(oldYield.getLoc(), yielded);
  oldYield.erase();
  eraseDeadOps(body);

  // The remaining loop's operands and the old arguments they replace.
  SmallVector<Value> seqs, invs, inits;
  SmallVector<BlockArgument> oldArgs;
  SmallVector<int64_t> newLags;
  SmallVector<Type> resultTypes;
  SmallVector<Attribute> names;
  SmallVector<std::string> allNames = getStateNames(loop);
  for (unsigned i = 0; i < numSeqs; ++i)
    if (!body.getArgument(i).use_empty()) {
      seqs.push_back(loop.getSeqs()[i]);
      oldArgs.push_back(body.getArgument(i));
    }
  for (auto [full, arg] : llvm::zip(extraSeqs, extraArgs))
    if (!arg.use_empty()) {
      seqs.push_back(full);
      oldArgs.push_back(arg);
    }
  for (unsigned i = 0; i < numInvs; ++i)
    if (!body.getArgument(numSeqs + i).use_empty()) {
      invs.push_back(loop.getInvariants()[i]);
      oldArgs.push_back(body.getArgument(numSeqs + i));
    }
  for (unsigned s : keptStates) {
    newLags.push_back(lags[s]);
    resultTypes.push_back(loop.getResult(s).getType());
    names.push_back(builder.getStringAttr(allNames[s]));
    for (unsigned l = 1; l <= lags[s]; ++l) {
      inits.push_back(loop.getInits()[loop.getFirstInitIndex(s) + l - 1]);
      oldArgs.push_back(loop.getStateArg(s, l));
    }
  }

  auto remaining = builder.create<sl::LoopOp>(
      loc, resultTypes, loop.getSteps(), loop.getAxisAttr(),
      loop.getReverseAttr(), builder.getDenseI64ArrayAttr(newLags), seqs, invs,
      inits);
  remaining->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
  remaining->setAttr(kStateNames, builder.getArrayAttr(names));
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  for (BlockArgument arg : oldArgs) {
    argTypes.push_back(arg.getType());
    argLocs.push_back(arg.getLoc());
  }
  Block *newBody =
      builder.createBlock(&remaining.getBody(), {}, argTypes, argLocs);
  for (auto [old, now] : llvm::zip(oldArgs, newBody->getArguments()))
    old.replaceAllUsesWith(now);
  newBody->getOperations().splice(newBody->end(), body.getOperations());

  for (auto [s, full] : llvm::zip(extracted, values))
    loop.getResult(s).replaceAllUsesWith(full);
  for (auto [i, s] : llvm::enumerate(keptStates))
    if (!llvm::is_contained(extracted, s))
      loop.getResult(s).replaceAllUsesWith(remaining.getResult(i));
  loop.erase();
  return remaining;
}

} // namespace sluice
