//===- BodyHoister.cpp - Re-emit loop-body computations outside -----------===//

#include "passes/BodyHoister.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <limits>

using namespace mlir;

namespace sluice {

BodyHoister::BodyHoister(sl::LoopOp loop, const OpBuilder &builder,
                         Type elementType)
    : loop(loop), builder(builder), axis(loop.getAxis()),
      scanSize(ShapedType::kDynamic), elementType(elementType) {
  SmallVector<Value> full(loop.getResults());
  llvm::append_range(full, loop.getSeqs());
  for (Value v : full) {
    auto type = cast<RankedTensorType>(v.getType());
    int64_t size = type.getDimSize(type.getRank() + axis);
    if (!ShapedType::isDynamic(size))
      scanSize = size;
  }
}

RankedTensorType BodyHoister::withScanDim(RankedTensorType slice) const {
  int64_t pos = scanPos(slice.getRank());
  if (pos < 0 || pos > slice.getRank())
    return {};
  SmallVector<int64_t> shape(slice.getShape());
  shape.insert(shape.begin() + pos, scanSize);
  return RankedTensorType::get(shape, slice.getElementType());
}

FailureOr<BodyHoister::Hoisted> BodyHoister::fail(Operation *op) {
  failedOp = op;
  return failure();
}

Value BodyHoister::toVarying(Value invariant, Location loc) {
  auto it = varyingOf.find(invariant);
  if (it != varyingOf.end())
    return it->second;
  Value v = getElementTypeOrSelf(invariant.getType()).isInteger(1)
                ? booleanAlongScan(invariant, loc)
                : broadcastAlongScan(invariant, loc);
  varyingOf[invariant] = v;
  return v;
}

Value BodyHoister::booleanAlongScan(Value invariant, Location loc) {
  auto cmp = invariant.getDefiningOp<arith::CmpFOp>();
  if (!cmp || !isa<RankedTensorType>(cmp.getLhs().getType()))
    return {};
  Value lhs = toVarying(cmp.getLhs(), loc);
  Value rhs = toVarying(cmp.getRhs(), loc);
  if (!lhs || !rhs)
    return {};
  return create<arith::CmpFOp>(loc, cmp.getPredicate(), lhs, rhs);
}

Value BodyHoister::broadcastAlongScan(Value invariant, Location loc) {
  auto type = cast<RankedTensorType>(invariant.getType());
  int64_t pos = scanPos(type.getRank());
  auto fullType = withScanDim(type);
  auto fullDim = [&](int64_t i) { return i < pos ? i : i + 1; };
  // Fold a broadcast we made into this one: one op from the smaller input.
  auto inner = invariant.getDefiningOp<sl::BroadcastOp>();
  if (inner && llvm::is_contained(created, inner.getOperation())) {
    auto inType = inner.getInput().getType();
    SmallVector<int64_t> dims;
    llvm::SmallDenseSet<int64_t> fromDynamic;
    for (auto [i, d] : llvm::enumerate(inner.getDims())) {
      dims.push_back(fullDim(d));
      if (inType.isDynamicDim(i) && type.isDynamicDim(d))
        fromDynamic.insert(d);
    }
    // Sizes: the inner ones, in order, with the scan axis' size at its place.
    SmallVector<Value> sizes;
    auto innerSizes = inner.getSizes().begin();
    for (int64_t d = 0; d <= type.getRank(); ++d) {
      if (d == pos) {
        if (ShapedType::isDynamic(scanSize))
          sizes.push_back(loop.getSteps());
        continue;
      }
      int64_t sliceDim = d < pos ? d : d - 1;
      if (type.isDynamicDim(sliceDim) && !fromDynamic.contains(sliceDim))
        sizes.push_back(*innerSizes++);
    }
    return create<sl::BroadcastOp>(loc, fullType, inner.getInput(), dims,
                                   sizes);
  }
  SmallVector<int64_t> dims;
  for (int64_t i = 0; i < type.getRank(); ++i)
    dims.push_back(fullDim(i));
  SmallVector<Value> sizes;
  if (ShapedType::isDynamic(scanSize))
    sizes.push_back(loop.getSteps());
  return create<sl::BroadcastOp>(loc, fullType, invariant, dims, sizes);
}

Value BodyHoister::createDim(Value tensor, int64_t dim, Location loc) {
  Value index = create<arith::ConstantIndexOp>(loc, dim);
  return create<tensor::DimOp>(loc, tensor, index);
}

Value BodyHoister::broadcastLike(Value splat, Value like, Location loc,
                                 Type element) {
  auto type = cast<RankedTensorType>(like.getType());
  if (element)
    type = RankedTensorType::get(type.getShape(), element);
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(createDim(like, i, loc));
  return create<sl::BroadcastOp>(loc, type, splat, ArrayRef<int64_t>{}, sizes);
}

LogicalResult BodyHoister::unify(Hoisted &a, Hoisted &b, Location loc) {
  Type ta = a.value.getType(), tb = b.value.getType();
  if (ta == tb)
    return success();
  auto ra = dyn_cast<RankedTensorType>(ta), rb = dyn_cast<RankedTensorType>(tb);
  if (!ra || !rb)
    return failure();
  // Rank-0 splats (folded constants) take the other side's shape.
  if (ra.getRank() == 0 && rb.getRank() > 0) {
    a = {broadcastLike(a.value, b.value, loc), b.varying};
    return success();
  }
  if (rb.getRank() == 0 && ra.getRank() > 0) {
    b = {broadcastLike(b.value, a.value, loc), a.varying};
    return success();
  }
  // An invariant of the body type meets a varying value.
  if (!a.varying && b.varying && withScanDim(ra) == rb) {
    a = {toVarying(a.value, loc), true};
    return success(a.value != nullptr);
  }
  if (!b.varying && a.varying && withScanDim(rb) == ra) {
    b = {toVarying(b.value, loc), true};
    return success(b.value != nullptr);
  }
  return failure();
}

//===----------------------------------------------------------------------===//
// Body values
//===----------------------------------------------------------------------===//

FailureOr<BodyHoister::Hoisted> BodyHoister::hoist(Value v) {
  auto it = values.find(v);
  if (it != values.end())
    return it->second;
  FailureOr<Hoisted> result = failure();
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    unsigned i = arg.getArgNumber();
    unsigned seqs = loop.getSeqs().size(), invs = loop.getInvariants().size();
    if (i < seqs)
      result = Hoisted{loop.getSeqs()[i], true};
    else if (i < seqs + invs)
      result = Hoisted{loop.getInvariants()[i - seqs], false};
    else
      return fail(loop); // a state: never state-independent
  } else {
    result = hoistOp(v.getDefiningOp());
    if (succeeded(result) && v.getDefiningOp()->getNumResults() != 1)
      return fail(v.getDefiningOp());
  }
  if (succeeded(result))
    values[v] = *result;
  return result;
}

FailureOr<BodyHoister::Hoisted> BodyHoister::hoistDim(Operation *op) {
  auto dim = cast<tensor::DimOp>(op);
  APInt index;
  if (!matchPattern(dim.getIndex(), m_ConstantInt(&index)))
    return fail(op);
  int64_t i = index.getSExtValue();
  Value source = dim.getSource();
  Value outer;
  bool varying = false;
  if (auto arg = dyn_cast<BlockArgument>(source);
      arg && arg.getOwner()->getParentOp() == loop) {
    unsigned n = arg.getArgNumber();
    unsigned seqs = loop.getSeqs().size(), invs = loop.getInvariants().size();
    if (n < seqs) {
      outer = loop.getSeqs()[n];
      varying = true;
    } else if (n < seqs + invs) {
      outer = loop.getInvariants()[n - seqs];
    } else {
      // A state slice has the shape of its inits.
      outer = loop.getInits()[n - seqs - invs];
    }
  } else {
    FailureOr<Hoisted> h = hoist(source);
    if (failed(h))
      return failure();
    outer = h->value;
    varying = h->varying;
  }
  auto sliceType = dyn_cast<RankedTensorType>(source.getType());
  if (!sliceType)
    return fail(op);
  if (varying && i >= scanPos(sliceType.getRank()))
    ++i;
  return Hoisted{createDim(outer, i, op->getLoc()), false};
}

FailureOr<BodyHoister::Hoisted> BodyHoister::hoistBroadcast(sl::BroadcastOp op,
                                                            Hoisted input) {
  SmallVector<Value> sizes;
  for (Value s : op.getSizes()) {
    FailureOr<Hoisted> h = hoist(s);
    if (failed(h))
      return failure();
    sizes.push_back(h->value);
  }
  auto inType = op.getInput().getType(), outType = op.getResult().getType();
  if (!input.varying) {
    if (input.value.getType() != inType)
      return fail(op);
    return Hoisted{create<sl::BroadcastOp>(op.getLoc(), outType, input.value,
                                           op.getDims(), sizes),
                   false};
  }
  // Map each full input dim to a full result dim; scan axis to scan axis.
  int64_t inPos = scanPos(inType.getRank()), outPos = scanPos(outType.getRank());
  if (inPos < 0 || outPos < 0)
    return fail(op);
  SmallVector<int64_t> dims;
  for (int64_t j = 0; j <= inType.getRank(); ++j) {
    int64_t d = outPos;
    if (j != inPos) {
      int64_t r = op.getDims()[j < inPos ? j : j - 1];
      d = r < outPos ? r : r + 1;
    }
    if (!dims.empty() && d <= dims.back())
      return fail(op);
    dims.push_back(d);
  }
  return Hoisted{create<sl::BroadcastOp>(op.getLoc(), withScanDim(outType),
                                         input.value, dims, sizes),
                 true};
}

FailureOr<BodyHoister::Hoisted> BodyHoister::hoistOp(Operation *op) {
  if (isa<tensor::DimOp>(op))
    return hoistDim(op);
  if (op->getNumRegions() != 0 || !isMemoryEffectFree(op))
    return fail(op);
  SmallVector<Hoisted> operands;
  bool anyVarying = false;
  for (Value v : op->getOperands()) {
    FailureOr<Hoisted> h = hoist(v);
    if (failed(h))
      return failure();
    operands.push_back(*h);
    anyVarying |= h->varying;
  }
  if (auto bcast = dyn_cast<sl::BroadcastOp>(op))
    return hoistBroadcast(bcast, operands.front());
  if (!anyVarying) {
    IRMapping mapping;
    for (auto [v, h] : llvm::zip(op->getOperands(), operands))
      mapping.map(v, h.value);
    Operation *clone = builder.clone(*op, mapping);
    created.push_back(clone);
    return Hoisted{clone->getResult(0), false};
  }
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || scanPos(resultType.getRank()) < 0)
    return fail(op);
  Location loc = op->getLoc();
  if (auto mm = dyn_cast<sl::MatmulOp>(op)) {
    // Only the lhs may vary, and the scan axis must not be the contracted dim.
    if (operands[1].varying || axis > -2)
      return fail(op);
    return Hoisted{create<sl::MatmulOp>(loc, withScanDim(resultType),
                                        operands[0].value, operands[1].value),
                   true};
  }
  if (auto reduce = dyn_cast<sl::ReduceOp>(op)) {
    int64_t a = reduce.getAxis();
    int64_t pos = scanPos(reduce.getInput().getType().getRank());
    if (!reduce.getKeepdims() && a >= pos)
      return fail(op); // would move the scan axis
    return Hoisted{create<sl::ReduceOp>(loc, withScanDim(resultType),
                                        reduce.getKind(), operands[0].value,
                                        a < pos ? a : a + 1,
                                        reduce.getKeepdims()),
                   true};
  }
  if (!op->hasTrait<OpTrait::Elementwise>())
    return fail(op);
  // Element-wise: every tensor operand and the result share one shape.
  IRMapping mapping;
  for (auto [v, h] : llvm::zip(op->getOperands(), operands)) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || type.getShape() != resultType.getShape())
      return fail(op);
    Value outer = h.varying ? h.value : toVarying(h.value, loc);
    if (!outer)
      return fail(op);
    mapping.map(v, outer);
  }
  Operation *clone = builder.clone(*op, mapping);
  created.push_back(clone);
  for (Value r : clone->getResults()) {
    auto type = cast<RankedTensorType>(r.getType());
    if (type.getShape() != resultType.getShape())
      return fail(op);
    r.setType(withScanDim(type));
  }
  return Hoisted{clone->getResult(0), true};
}

//===----------------------------------------------------------------------===//
// Coefficients
//===----------------------------------------------------------------------===//

FailureOr<BodyHoister::Hoisted> BodyHoister::emit(const Coef *coef) {
  auto it = coefValues.find(coef);
  if (it != coefValues.end())
    return it->second;
  using K = Coef::Kind;
  Location loc = coef->origin ? coef->origin->getLoc() : loop.getLoc();
  FailureOr<Hoisted> result = failure();
  FailureOr<Hoisted> a = failure(), b = failure(), cond = failure();
  if (coef->lhs && failed(a = emit(coef->lhs)))
    return failure();
  if (coef->rhs && failed(b = emit(coef->rhs)))
    return failure();
  if (coef->cond && failed(cond = emit(coef->cond)))
    return failure();
  if (coef->rhs && failed(unify(*a, *b, loc)))
    return fail(coef->origin ? coef->origin : loop.getOperation());
  auto binary = [&](auto tag) -> Hoisted {
    using OpT = decltype(tag);
    return {create<OpT>(loc, a->value, b->value), a->varying || b->varying};
  };
  switch (coef->kind) {
  case K::Const: {
    auto type = RankedTensorType::get({}, elementType);
    auto attr = DenseElementsAttr::get(
        type, builder.getFloatAttr(elementType, coef->value));
    result = Hoisted{create<arith::ConstantOp>(loc, attr), false};
    break;
  }
  case K::Leaf:
    result = hoist(coef->leaf);
    break;
  case K::Neg:
    result = Hoisted{create<arith::NegFOp>(loc, a->value), a->varying};
    break;
  case K::Add:
    result = binary(arith::AddFOp());
    break;
  case K::Sub:
    result = binary(arith::SubFOp());
    break;
  case K::Mul:
    result = binary(arith::MulFOp());
    break;
  case K::Div:
    result = binary(arith::DivFOp());
    break;
  case K::Max:
    result = binary(arith::MaximumFOp());
    break;
  case K::Min:
    result = binary(arith::MinimumFOp());
    break;
  case K::LogAddExp: {
    // max(a, b) + log1p(exp(-|a - b|)), and max(a, b) where that is
    // infinite (two infinities of one sign: a - b would be NaN), as the
    // frontend's logaddexp and the scan's SemiringMath::add.
    Value m = create<arith::MaximumFOp>(loc, a->value, b->value);
    Value d = create<arith::SubFOp>(loc, a->value, b->value);
    Value n = create<arith::NegFOp>(loc, create<math::AbsFOp>(loc, d));
    Value l = create<math::Log1pOp>(loc, create<math::ExpOp>(loc, n));
    Value sum = create<arith::AddFOp>(loc, m, l);
    auto scalar = RankedTensorType::get({}, elementType);
    Value inf = create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(
                 scalar, builder.getFloatAttr(
                             elementType,
                             std::numeric_limits<double>::infinity())));
    if (cast<RankedTensorType>(m.getType()).getRank() > 0)
      inf = broadcastLike(inf, m, loc);
    Value infinite = create<arith::CmpFOp>(
        loc, arith::CmpFPredicate::OEQ, create<math::AbsFOp>(loc, m), inf);
    result = Hoisted{create<arith::SelectOp>(loc, infinite, m, sum),
                     a->varying || b->varying};
    break;
  }
  case K::Broadcast:
    result = hoistBroadcast(cast<sl::BroadcastOp>(coef->origin), *a);
    break;
  case K::Select:
    result = emitSelect(coef, *cond, *a, *b, loc);
    break;
  }
  if (succeeded(result))
    coefValues[coef] = *result;
  return result;
}

FailureOr<BodyHoister::Hoisted> BodyHoister::emitSelect(const Coef *coef,
                                                        Hoisted cond, Hoisted a,
                                                        Hoisted b,
                                                        Location loc) {
  // `a` and `b` are unified already; the condition has the body's shape of
  // the select (its type with i1), possibly along the scan axis.
  Operation *culprit = coef->origin ? coef->origin : loop.getOperation();
  auto condType = dyn_cast<RankedTensorType>(cond.value.getType());
  auto valueType = dyn_cast<RankedTensorType>(a.value.getType());
  if (!condType || !valueType)
    return fail(culprit);
  if (valueType.getRank() == 0 && condType.getRank() > 0) {
    // Folded constants on both sides: broadcast them to the condition.
    Type element = valueType.getElementType();
    a = {broadcastLike(a.value, cond.value, loc, element), cond.varying};
    b = {broadcastLike(b.value, cond.value, loc, element), cond.varying};
  } else if (cond.varying && !a.varying) {
    a = {toVarying(a.value, loc), true};
    b = {toVarying(b.value, loc), true};
  } else if (a.varying && !cond.varying) {
    cond = {toVarying(cond.value, loc), true};
  }
  if (!cond.value || !a.value || !b.value)
    return fail(culprit);
  auto shapeOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  };
  if (shapeOf(cond.value) != shapeOf(a.value) ||
      a.value.getType() != b.value.getType())
    return fail(culprit);
  return Hoisted{create<arith::SelectOp>(loc, cond.value, a.value, b.value),
                 cond.varying || a.varying};
}

FailureOr<BodyHoister::Hoisted>
BodyHoister::emitOperand(const Coef *coef, RankedTensorType resultType) {
  FailureOr<Hoisted> h = emit(coef);
  if (failed(h))
    return failure();
  if (h->varying) {
    if (h->value.getType() != resultType)
      return fail(coef->origin ? coef->origin : loop.getOperation());
    return h;
  }
  // Peel broadcasts the scan does itself (trailing-aligned, NumPy-style).
  Value v = h->value;
  while (auto bcast = v.getDefiningOp<sl::BroadcastOp>()) {
    int64_t in = bcast.getInput().getType().getRank();
    int64_t out = bcast.getResult().getType().getRank();
    bool trailing = true;
    for (auto [i, d] : llvm::enumerate(bcast.getDims()))
      trailing &= d == out - in + int64_t(i);
    if (!trailing)
      break;
    v = bcast.getInput();
  }
  return Hoisted{v, false};
}

FailureOr<Value> BodyHoister::emitFull(const Coef *coef,
                                       RankedTensorType resultType) {
  FailureOr<Hoisted> h = emit(coef);
  if (failed(h))
    return failure();
  Value v = h->value;
  auto type = cast<RankedTensorType>(v.getType());
  Location loc = loop.getLoc();
  if (!h->varying && type.getRank() > 0 && withScanDim(type) == resultType)
    v = toVarying(v, loc);
  if (!v)
    return failure();
  else if (!h->varying && type.getRank() == 0) {
    auto like = llvm::find_if(loop.getSeqs(), [&](Value seq) {
      return seq.getType() == resultType;
    });
    if (like == loop.getSeqs().end())
      return failure();
    v = broadcastLike(v, *like, loc);
  }
  if (v.getType() != resultType)
    return failure();
  return v;
}

void BodyHoister::rollback() {
  for (Operation *op : llvm::reverse(created))
    op->erase();
  created.clear();
  values.clear();
  coefValues.clear();
  varyingOf.clear();
}

void BodyHoister::eraseDead() {
  for (Operation *op : llvm::reverse(created))
    if (op->use_empty())
      op->erase();
  created.clear();
  values.clear();
  coefValues.clear();
  varyingOf.clear();
}

} // namespace sluice
