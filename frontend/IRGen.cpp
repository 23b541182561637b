//===- IRGen.cpp - Checked syntax tree to `parsed` sl IR ------------------===//
//
// Walks each model's statements in order and emits upstream arith/math ops on
// tensors plus `sl` ops. Shapes and dtypes come from Sema; IRGen only maps
// them to MLIR types, inserts explicit broadcasts, and finds the runtime size
// of every symbolic dim (a `tensor.dim` of a value that has it).
//
//===----------------------------------------------------------------------===//

#include "frontend/IRGen.h"
#include "frontend/IRGenModel.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <map>
#include <tuple>

using namespace mlir;
using namespace sluice;

namespace sluice::irgen {


//===----------------------------------------------------------------------===//
// Dims, broadcasts, constants
//===----------------------------------------------------------------------===//

Value ModelGen::dimSize(StringRef name, Location l) {
  auto it = scope->sizes.find(name);
  if (it != scope->sizes.end())
    return it->second;
  for (auto &[value, shape] : scope->sources) {
    for (size_t axis = 0; axis < shape->size(); ++axis) {
      if ((*shape)[axis].name != name)
        continue;
      OpBuilder::InsertionGuard guard(b);
      if (scope->lastDimOp)
        b.setInsertionPointAfter(scope->lastDimOp);
      else
        b.setInsertionPointToStart(scope->block);
      Value index = b.create<arith::ConstantIndexOp>(l, axis);
      auto dim = b.create<tensor::DimOp>(l, value, index);
      scope->lastDimOp = dim;
      scope->sizes[name] = dim;
      return dim;
    }
  }
  // Sema guarantees every dim of a value is held by some argument in scope.
  llvm::report_fatal_error(llvm::Twine("sluice IRGen: no value has dim ") + name);
}

Value ModelGen::broadcast(Value v, const ast::Shape &from,
                          const ast::Shape &to, Location l) {
  if (from == to)
    return v;
  SmallVector<int64_t> dims;
  size_t offset = to.size() - from.size();
  SmallVector<bool> given(to.size(), false);
  for (size_t i = 0; i < from.size(); ++i) {
    dims.push_back(i + offset);
    if (!from[i].isLiteral())
      given[i + offset] = true;
  }
  SmallVector<Value> sizes;
  for (size_t j = 0; j < to.size(); ++j)
    if (!to[j].isLiteral() && !given[j])
      sizes.push_back(dimSize(to[j].name, l));
  return b.create<sl::BroadcastOp>(l, tensorType(to, elemOf(v)), v,
                                   b.getDenseI64ArrayAttr(dims), sizes);
}

Value ModelGen::constant(double value, Type elem, const ast::Shape &shape,
                         Location l) {
  auto scalarType = RankedTensorType::get({}, elem);
  auto attr = DenseElementsAttr::get(scalarType, b.getFloatAttr(elem, value));
  Value c = b.create<arith::ConstantOp>(l, scalarType, attr);
  return broadcast(c, {}, shape, l);
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Type ModelGen::jointType(const ast::Expr &e, Type context) {
  bool any64 = false, anyTyped = false;
  for (const ast::ExprPtr &op : e.operands) {
    any64 |= op->type.dtype == ast::DType::F64;
    anyTyped |= op->type.dtype != ast::DType::Weak;
  }
  if (any64)
    return b.getF64Type();
  return anyTyped ? Type(b.getF32Type()) : context;
}

SmallVector<Value> ModelGen::emitElementwiseOperands(const ast::Expr &e,
                                                     Type context) {
  Type elem = jointType(e, context);
  SmallVector<Value> result;
  for (const ast::ExprPtr &op : e.operands)
    result.push_back(broadcast(emit(*op, elem), op->type.shape, e.type.shape,
                               loc(op->loc)));
  return result;
}

Value ModelGen::emit(const ast::Expr &e, Type context) {
  Location l = loc(e.loc);
  switch (e.kind) {
  case ast::ExprKind::Number:
    return constant(e.number, computeType(e.type.dtype, context), {}, l);
  case ast::ExprKind::Name:
  case ast::ExprKind::TimeIndex:
    return emitName(e, context);
  case ast::ExprKind::Neg: {
    Value v = emit(*e.operands[0], context);
    return b.create<arith::NegFOp>(l, v);
  }
  case ast::ExprKind::Binary:
    return emitBinary(e, context);
  case ast::ExprKind::Call:
    return emitCall(e, context);
  case ast::ExprKind::Compare:
    break; // Sema allows comparisons only as where's condition (emitWhere)
  }
  llvm_unreachable("unknown expression kind");
}

Value ModelGen::dimValue(StringRef name, Type elem, Location l) {
  // The count is summed in f64 (exact up to 2^53) and rounded once to
  // `elem`: an f32 sum of ones stops growing at 2^24.
  ast::Shape shape(1);
  shape[0].name = name.str();
  Type f64 = b.getF64Type();
  Value ones = constant(1.0, f64, shape, l);
  Value count = b.create<sl::ReduceOp>(l, tensorType({}, f64),
                                       sl::ReduceKind::sum, ones, 0, false);
  if (elem == f64)
    return count;
  return b.create<arith::TruncFOp>(l, tensorType({}, elem), count);
}

Value ModelGen::emitName(const ast::Expr &e, Type context) {
  Location l = loc(e.loc);
  if (e.ref == ast::RefKind::Dim) {
    if (!scanCtx)
      return dimValue(e.name, context, l);
    // A scan body reads the size as an f64 invariant (see emitScan).
    Value v = scanCtx->invariants.lookup(e.name);
    if (elemOf(v) == context)
      return v;
    return b.create<arith::TruncFOp>(l, tensorType({}, context), v);
  }
  if (scanCtx) {
    const ast::Scan &scan = *scanCtx->scan;
    if (e.kind == ast::ExprKind::TimeIndex) {
      if (findState(scan, e.name)) {
        if (e.offset == 0)
          return scanCtx->step.lookup(e.name);
        return scanCtx->stateLags.at({e.name, std::abs(e.offset)});
      }
      return scanCtx->seqSlices.at({e.name, e.offset});
    }
    if (e.ref == ast::RefKind::ScanLet) {
      if (const ast::Expr *weak = weakNames.lookup(e.name))
        return emitWeak(e.name, *weak, context);
      return scanCtx->step.lookup(e.name);
    }
    if (const ast::Expr *weak = weakNames.lookup(e.name))
      return emitWeak(e.name, *weak, context);
    return scanCtx->invariants.lookup(e.name);
  }
  if (const ast::Expr *weak = weakNames.lookup(e.name))
    return emitWeak(e.name, *weak, context);
  (void)l;
  return values.lookup(e.name);
}

Value ModelGen::emitWeak(StringRef name, const ast::Expr &weak, Type context) {
  // The builder always appends to its block, so a value emitted earlier in
  // the same block dominates this use.
  auto key = std::make_tuple(name.str(), context.getAsOpaquePointer(),
                             b.getInsertionBlock());
  auto it = weakValues.find(key);
  if (it != weakValues.end())
    return it->second;
  Value v = emit(weak, context);
  weakValues[key] = v;
  return v;
}

Value ModelGen::emitBinary(const ast::Expr &e, Type context) {
  // A loop over the chain's left spine, recursing only into right operands:
  // `x + x + ... + x` may have any length. Each node's compute type is its
  // operands' joint type in its parent's (top-down), then the ops are built
  // innermost first, as the recursion would.
  std::vector<const ast::Expr *> spine = ast::leftSpine(e);
  SmallVector<Type> elems;
  for (const ast::Expr *node : spine)
    elems.push_back(jointType(*node, elems.empty() ? context : elems.back()));
  Value acc = emit(*spine.back()->operands[0], elems.back());
  for (size_t i = spine.size(); i-- > 0;) {
    const ast::Expr &node = *spine[i];
    const ast::Expr &lhs = *node.operands[0], &rhs = *node.operands[1];
    Location l = loc(node.loc);
    if (node.op == ast::BinOp::MatMul) {
      Value r = emit(rhs, elems[i]);
      acc = b.create<sl::MatmulOp>(l, tensorType(node.type.shape, elems[i]),
                                   acc, r);
      continue;
    }
    acc = broadcast(acc, lhs.type.shape, node.type.shape, loc(lhs.loc));
    Value r = broadcast(emit(rhs, elems[i]), rhs.type.shape, node.type.shape,
                        loc(rhs.loc));
    switch (node.op) {
    case ast::BinOp::Add:
      acc = b.create<arith::AddFOp>(l, acc, r);
      break;
    case ast::BinOp::Sub:
      acc = b.create<arith::SubFOp>(l, acc, r);
      break;
    case ast::BinOp::Mul:
      acc = b.create<arith::MulFOp>(l, acc, r);
      break;
    case ast::BinOp::Div:
      acc = b.create<arith::DivFOp>(l, acc, r);
      break;
    case ast::BinOp::MatMul:
      llvm_unreachable("handled above");
    }
  }
  return acc;
}

SmallVector<const ast::Expr *> ModelGen::expSumTerms(const ast::Expr &e) {
  SmallVector<const ast::Expr *> terms;
  if (e.operands.size() != 1)
    return terms;
  const ast::Expr &sum = *e.operands[0];
  std::vector<const ast::Expr *> spine = ast::leftSpine(sum);
  if (spine.empty())
    return terms;
  auto isExp = [](const ast::Expr &term) {
    return term.kind == ast::ExprKind::Call &&
           term.builtin == ast::Builtin::Exp && term.operands.size() == 1;
  };
  // Innermost first: exp(x_1) + exp(x_2) is the spine's last node.
  if (!isExp(*spine.back()->operands[0]))
    return {};
  terms.push_back(spine.back()->operands[0]->operands[0].get());
  for (size_t i = spine.size(); i-- > 0;) {
    const ast::Expr &node = *spine[i];
    if (node.op != ast::BinOp::Add || !isExp(*node.operands[1]))
      return {};
    terms.push_back(node.operands[1]->operands[0].get());
  }
  return terms;
}

Value ModelGen::emitLogaddexp(ArrayRef<const ast::Expr *> terms,
                              const ast::Expr &at, Type elem,
                              StringRef spelled) {
  // hi + log1p(exp(lo - clamp(hi, -L, L))) with hi = max, lo = min and L the
  // largest finite value: the clamp keeps lo - hi from being inf - inf (NaN)
  // when both are -inf (-> -inf) or both +inf (-> +inf); where hi is finite
  // it is the exact max and exp never overflows. More terms fold from the
  // left: logaddexp(logaddexp(x, y), z).
  Location l = loc(at.loc);
  double largest = APFloat::getLargest(cast<FloatType>(elem).getFloatSemantics())
                       .convertToDouble();
  auto operand = [&](const ast::Expr &o) {
    return broadcast(emit(o, elem), o.type.shape, at.type.shape, loc(o.loc));
  };
  Value sum = operand(*terms.front());
  for (const ast::Expr *term : terms.drop_front()) {
    Value next = operand(*term);
    Value hi = b.create<arith::MaximumFOp>(l, sum, next);
    Value lo = b.create<arith::MinimumFOp>(l, sum, next);
    Value finiteHi = b.create<arith::MinimumFOp>(
        l,
        b.create<arith::MaximumFOp>(l, hi,
                                    constant(-largest, elem, at.type.shape, l)),
        constant(largest, elem, at.type.shape, l));
    Value gap = b.create<arith::SubFOp>(l, lo, finiteHi);
    Value tail = b.create<math::Log1pOp>(l, b.create<math::ExpOp>(l, gap));
    sum = b.create<arith::AddFOp>(l, hi, tail);
    // Remarks name any op of the expansion as the user wrote it (ScanUtils'
    // userOpName); recognition takes the whole expansion as one logaddexp
    // (passes/RecurrenceAnalysis.cpp).
    for (Value v : {hi, lo, finiteHi, finiteHi.getDefiningOp()->getOperand(0),
                    gap, tail, tail.getDefiningOp()->getOperand(0), sum})
      v.getDefiningOp()->setAttr("sl.spelled", b.getStringAttr(spelled));
  }
  return sum;
}

/// The `arith.cmpf` predicate of a comparison: ordered (false when either
/// side is NaN) except `!=`, which is true for NaN, as in IEEE and NumPy.
static arith::CmpFPredicate predicateOf(ast::CmpOp op) {
  switch (op) {
  case ast::CmpOp::Lt:
    return arith::CmpFPredicate::OLT;
  case ast::CmpOp::Le:
    return arith::CmpFPredicate::OLE;
  case ast::CmpOp::Gt:
    return arith::CmpFPredicate::OGT;
  case ast::CmpOp::Ge:
    return arith::CmpFPredicate::OGE;
  case ast::CmpOp::Eq:
    return arith::CmpFPredicate::OEQ;
  case ast::CmpOp::Ne:
    return arith::CmpFPredicate::UNE;
  }
  llvm_unreachable("unknown comparison");
}

Value ModelGen::emitWhere(const ast::Expr &e, Type context) {
  const ast::Expr &cond = *e.operands[0];
  const ast::Expr &onTrue = *e.operands[1], &onFalse = *e.operands[2];
  // The selected values' type: f64 if either is, f32 if either is typed,
  // else that of the where itself (literal branches, see Sema).
  Type elem = computeType(e.type.dtype, context);
  if (onTrue.type.dtype != ast::DType::Weak ||
      onFalse.type.dtype != ast::DType::Weak)
    elem = (onTrue.type.dtype == ast::DType::F64 ||
            onFalse.type.dtype == ast::DType::F64)
               ? Type(b.getF64Type())
               : Type(b.getF32Type());
  // The compared values' type: theirs, or the selected values' when both
  // are literals (`where(T > 100, x, y)` compares in x's type).
  Type cmpType = jointType(cond, elem);
  const ast::Shape &shape = e.type.shape;
  auto at = [&](const ast::Expr &operand, Type type) {
    return broadcast(emit(operand, type), operand.type.shape, shape,
                     loc(operand.loc));
  };
  Value lhs = at(*cond.operands[0], cmpType);
  Value rhs = at(*cond.operands[1], cmpType);
  Value mask = b.create<arith::CmpFOp>(loc(cond.loc), predicateOf(cond.cmp),
                                       lhs, rhs);
  Value whenTrue = at(onTrue, elem);
  Value whenFalse = at(onFalse, elem);
  return b.create<arith::SelectOp>(loc(e.loc), mask, whenTrue, whenFalse);
}

Value ModelGen::emitCall(const ast::Expr &e, Type context) {
  Location l = loc(e.loc);
  using B = ast::Builtin;
  auto unary = [&]() { return emit(*e.operands[0], context); };
  auto cumulative = [&](sl::CumulativeKind kind) -> Value {
    Value x = unary();
    return b.create<sl::CumulativeOp>(l, x.getType(), kind, x, e.axis,
                                      e.reverse, e.exclusive);
  };
  // Remarks name the ops of a builtin's expansion as the user wrote it
  // (ScanUtils' userOpName): `'logsigmoid' at 5:12`, not `'softplus'`.
  auto spelled = [&](std::initializer_list<Value> expansion) {
    for (Value v : expansion)
      v.getDefiningOp()->setAttr("sl.spelled", b.getStringAttr(e.name));
    return *std::prev(expansion.end());
  };
  auto reduce = [&](sl::ReduceKind kind) -> Value {
    Value x = unary();
    return b.create<sl::ReduceOp>(l, tensorType(e.type.shape, elemOf(x)), kind,
                                  x, e.axis, e.keepdims);
  };
  switch (e.builtin) {
  case B::Exp: return b.create<math::ExpOp>(l, unary());
  case B::Log:
    // log(exp(x) + exp(y) + ...) is logaddexp(logaddexp(x, y), ...)
    // (docs/LANGUAGE.md), computed as the builtin is: no exp overflows on
    // any target or strategy.
    if (SmallVector<const ast::Expr *> terms = expSumTerms(e); !terms.empty())
      return emitLogaddexp(terms, e, jointType(*e.operands[0], context),
                           e.name);
    return b.create<math::LogOp>(l, unary());
  case B::Log1p: return b.create<math::Log1pOp>(l, unary());
  case B::Expm1: return b.create<math::ExpM1Op>(l, unary());
  case B::Sqrt: return b.create<math::SqrtOp>(l, unary());
  case B::Rsqrt: return b.create<math::RsqrtOp>(l, unary());
  case B::Tanh: return b.create<math::TanhOp>(l, unary());
  case B::Abs: return b.create<math::AbsFOp>(l, unary());
  case B::Sin: return b.create<math::SinOp>(l, unary());
  case B::Cos: return b.create<math::CosOp>(l, unary());
  case B::Sigmoid: return b.create<sl::SigmoidOp>(l, unary());
  case B::Softplus: return b.create<sl::SoftplusOp>(l, unary());
  case B::Silu: return b.create<sl::SiluOp>(l, unary());
  case B::Gelu: return b.create<sl::GeluOp>(l, unary());
  case B::Relu: {
    Value x = unary();
    Value zero = constant(0.0, elemOf(x), e.type.shape, l);
    return b.create<arith::MaximumFOp>(l, x, zero);
  }
  case B::Logsigmoid: {
    // -softplus(-x): stable at both ends (softplus is max(x,0)+log1p(exp(-|x|))).
    Value x = unary();
    Value negated = b.create<arith::NegFOp>(l, x);
    Value sp = b.create<sl::SoftplusOp>(l, negated);
    return spelled({negated, sp, b.create<arith::NegFOp>(l, sp)});
  }
  case B::Elu: {
    // max(x, 0) + expm1(min(x, 0)): exactly x above 0, expm1(x) at or below.
    Value x = unary();
    Value zero = constant(0.0, elemOf(x), e.type.shape, l);
    Value pos = b.create<arith::MaximumFOp>(l, x, zero);
    Value neg = b.create<arith::MinimumFOp>(l, x, zero);
    Value tail = b.create<math::ExpM1Op>(l, neg);
    return spelled({pos, neg, tail, b.create<arith::AddFOp>(l, pos, tail)});
  }
  case B::Logaddexp:
    return emitLogaddexp({e.operands[0].get(), e.operands[1].get()}, e,
                         jointType(e, context), e.name);
  case B::Where: return emitWhere(e, context);
  case B::Pow: {
    auto ops = emitElementwiseOperands(e, context);
    return b.create<math::PowFOp>(l, ops[0], ops[1]);
  }
  case B::Min: {
    auto ops = emitElementwiseOperands(e, context);
    return b.create<arith::MinimumFOp>(l, ops[0], ops[1]);
  }
  case B::Max: {
    auto ops = emitElementwiseOperands(e, context);
    return b.create<arith::MaximumFOp>(l, ops[0], ops[1]);
  }
  case B::Clamp: {
    auto ops = emitElementwiseOperands(e, context);
    Value lower = b.create<arith::MaximumFOp>(l, ops[0], ops[1]);
    return spelled({lower, b.create<arith::MinimumFOp>(l, lower, ops[2])});
  }
  case B::Sum: return reduce(sl::ReduceKind::sum);
  case B::Mean: return reduce(sl::ReduceKind::mean);
  case B::Amax: return reduce(sl::ReduceKind::max);
  case B::Amin: return reduce(sl::ReduceKind::min);
  case B::Cumsum: return cumulative(sl::CumulativeKind::sum);
  case B::Cumprod: return cumulative(sl::CumulativeKind::prod);
  case B::Cummax: return cumulative(sl::CumulativeKind::max);
  case B::Cummin: return cumulative(sl::CumulativeKind::min);
  case B::Logcumsumexp: return cumulative(sl::CumulativeKind::logsumexp);
  case B::ExpandDims: {
    Value x = unary();
    SmallVector<int64_t> dims;
    for (int64_t i = 0; i < static_cast<int64_t>(e.type.shape.size()); ++i)
      if (i != e.axis)
        dims.push_back(i);
    return b.create<sl::BroadcastOp>(l, tensorType(e.type.shape, elemOf(x)), x,
                                     b.getDenseI64ArrayAttr(dims),
                                     ValueRange{});
  }
  case B::Squeeze: {
    // A sum over the size-1 axis: its one term, exactly.
    Value x = unary();
    auto squeeze = b.create<sl::ReduceOp>(
        l, tensorType(e.type.shape, elemOf(x)), sl::ReduceKind::sum, x, e.axis,
        false);
    squeeze->setAttr("sl.spelled", b.getStringAttr("squeeze"));
    return squeeze;
  }
  case B::Reshape:
    return emitReshape(e, unary(), l);
  case B::Shift: {
    Value x = unary();
    return b.create<sl::ShiftOp>(l, x, e.axis, e.amount);
  }
  case B::Last: {
    // (In a scan body: the block argument emitScan made of it.)
    if (scanCtx)
      if (Value arg = scanCtx->lasts.lookup(&e))
        return arg;
    const ast::Expr &arg = *e.operands[0];
    const ast::Scan &scan = *model.stmts[e.scanStmt].scan;
    const ast::StateInfo *state = findState(scan, arg.name);
    Value h = values.lookup(arg.name);
    return b.create<sl::LastOp>(l, tensorType(e.type.shape, elemOf(h)), h,
                                state->timeAxis, scan.reverse);
  }
  case B::None:
    break;
  }
  llvm_unreachable("call without a builtin");
}

Value ModelGen::emitReshape(const ast::Expr &e, Value x, Location l) {
  ast::Shape shape = e.operands[0]->type.shape;
  auto isUnit = [](const ast::Dim &d) { return d.isLiteral() && d.size == 1; };
  for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) {
    if (!isUnit(shape[static_cast<size_t>(i)]))
      continue;
    shape.erase(shape.begin() + i);
    auto squeeze = b.create<sl::ReduceOp>(l, tensorType(shape, elemOf(x)),
                                          sl::ReduceKind::sum, x, i, false);
    squeeze->setAttr("sl.spelled", b.getStringAttr("reshape"));
    x = squeeze;
  }
  const ast::Shape &to = e.type.shape;
  if (shape == to)
    return x;
  SmallVector<int64_t> dims; // Sema: the non-unit dims of `to` are `shape`
  for (int64_t j = 0; j < static_cast<int64_t>(to.size()); ++j)
    if (!isUnit(to[static_cast<size_t>(j)]))
      dims.push_back(j);
  return b.create<sl::BroadcastOp>(l, tensorType(to, elemOf(x)), x,
                                   b.getDenseI64ArrayAttr(dims), ValueRange{});
}

Value ModelGen::sliceAt(Value v, const ast::Shape &shape, int64_t axis,
                        int64_t index, Location l) {
  if (index != 0)
    v = b.create<sl::ShiftOp>(l, v, axis, -index);
  ast::Shape sliced = shape;
  sliced.erase(sliced.begin() + axis);
  return b.create<sl::LastOp>(l, tensorType(sliced, elemOf(v)), v, axis,
                              /*reverse=*/true);
}

// Models
//===----------------------------------------------------------------------===//

func::FuncOp ModelGen::build() {
  SmallVector<const ast::Decl *> args(model.inputs.begin(), model.inputs.end());
  args.append(model.params.begin(), model.params.end());
  SmallVector<Type> argTypes;
  for (const ast::Decl *d : args)
    argTypes.push_back(tensorType(d->type.shape, storageType(d->type.dtype)));

  auto func = func::FuncOp::create(loc(model.loc), model.name,
                                   b.getFunctionType(argTypes, {}));
  SmallVector<Attribute> dimNames;
  for (const std::string &d : model.dims)
    dimNames.push_back(b.getStringAttr(d));
  func->setAttr("sl.dims", b.getArrayAttr(dimNames));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);

  DimScope funcScope;
  funcScope.block = entry;
  scope = &funcScope;
  for (auto [i, d] : llvm::enumerate(args)) {
    bool isInput = i < model.inputs.size();
    SmallVector<Attribute> dims;
    for (const ast::Dim &dim : d->type.shape)
      dims.push_back(b.getStringAttr(dim.str()));
    func.setArgAttr(i, "sl.name", b.getStringAttr(d->name));
    func.setArgAttr(i, "sl.kind", b.getStringAttr(isInput ? "input" : "param"));
    func.setArgAttr(i, "sl.dims", b.getArrayAttr(dims));
    Value arg = entry->getArgument(i);
    arg.setLoc(loc(d->loc));
    funcScope.sources.push_back({arg, &d->type.shape});
    if (d->type.dtype == ast::DType::F16 || d->type.dtype == ast::DType::BF16)
      arg = b.create<arith::ExtFOp>(
          loc(d->loc), tensorType(d->type.shape, b.getF32Type()), arg);
    values[d->name] = arg;
  }

  SmallVector<Value> results;
  SmallVector<std::string> resultNames;
  for (const ast::Stmt &stmt : model.stmts) {
    switch (stmt.kind) {
    case ast::Stmt::Kind::Let:
      if (stmt.value->type.dtype == ast::DType::Weak)
        weakNames[stmt.letName] = stmt.value.get();
      else
        values[stmt.letName] = emit(*stmt.value, b.getF32Type());
      break;
    case ast::Stmt::Kind::Scan:
      emitScan(*stmt.scan);
      break;
    case ast::Stmt::Kind::Output:
      for (const ast::OutputItem &item : stmt.outputs) {
        Value v;
        Location l = loc(item.loc);
        if (item.value) {
          v = emit(*item.value, b.getF32Type());
          values[item.name] = v;
        } else if (const ast::Expr *weak = weakNames.lookup(item.name)) {
          v = emit(*weak, b.getF32Type());
        } else {
          v = values.lookup(item.name);
        }
        Type storage = storageType(item.type.dtype);
        if (storage != elemOf(v))
          v = b.create<arith::TruncFOp>(l, tensorType(item.type.shape, storage), v);
        results.push_back(v);
        resultNames.push_back(item.name);
      }
      break;
    default:
      break;
    }
  }
  b.create<func::ReturnOp>(loc(model.loc), results);
  SmallVector<Type> resultTypes;
  for (Value v : results)
    resultTypes.push_back(v.getType());
  func.setType(b.getFunctionType(argTypes, resultTypes));
  for (auto [i, name] : llvm::enumerate(resultNames))
    func.setResultAttr(i, "sl.name", b.getStringAttr(name));
  scope = nullptr;
  return func;
}

} // namespace sluice::irgen

OwningOpRef<ModuleOp> sluice::buildModule(MLIRContext &context,
                                          const ast::File &file) {
  OwningOpRef<ModuleOp> module = ModuleOp::create(
      FileLineColLoc::get(&context, file.filename, 1, 1));
  for (const ast::Model &model : file.models) {
    irgen::ModelGen gen(context, file, model);
    module->push_back(gen.build());
  }
  return module;
}
