//===- IRGenScan.cpp - Scan blocks to sl.loop ------------------------------===//
//
// A scan block becomes one `sl.loop` whose body computes one step: the outer
// values it reads (sequences at an offset, and invariants) become operands,
// the states' lags become block arguments, and the inits become the loop's
// init operands.
//
//===----------------------------------------------------------------------===//

#include "frontend/IRGenModel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace sluice::irgen {

//===----------------------------------------------------------------------===//
// Scan blocks
//===----------------------------------------------------------------------===//

void walkExpr(const ast::Expr &e,
              const std::function<bool(const ast::Expr &)> &fn) {
  std::vector<const ast::Expr *> pending{&e};
  while (!pending.empty()) {
    const ast::Expr *node = pending.back();
    pending.pop_back();
    if (!fn(*node))
      continue;
    for (size_t i = node->operands.size(); i-- > 0;)
      pending.push_back(node->operands[i].get());
  }
}

void ModelGen::emitScan(const ast::Scan &scan) {
  Location l = loc(scan.loc);
  // Collect the outer values the body reads: sequences (name, offset) and
  // invariants, in order of first use.
  llvm::MapVector<std::pair<StringRef, int64_t>, const ast::Expr *> seqReads;
  llvm::MapVector<StringRef, const ast::Expr *> invariantReads;
  // `last(h)` of an earlier scan's state: emitted before the loop and read
  // in the body as an invariant (the body is isolated from above).
  SmallVector<const ast::Expr *> lastReads;
  for (const ast::ScanStmt &stmt : scan.body) {
    if (stmt.kind == ast::ScanStmt::Kind::Init)
      continue;
    walkExpr(*stmt.value, [&](const ast::Expr &e) {
      if (e.kind == ast::ExprKind::Call && e.builtin == ast::Builtin::Last) {
        lastReads.push_back(&e);
        return false;
      }
      if (e.kind == ast::ExprKind::TimeIndex && !findState(scan, e.name))
        seqReads.insert({{e.name, e.offset}, &e});
      else if (e.kind == ast::ExprKind::Name && e.ref != ast::RefKind::None &&
               e.ref != ast::RefKind::ScanLet && !weakNames.count(e.name))
        invariantReads.insert({e.name, &e});
      return true;
    });
  }
  // Dims read as values, also through model-level weak lets (re-emitted in
  // the body): each comes in as an f64 0-d invariant.
  {
    llvm::StringSet<> seenWeak;
    std::vector<const ast::Expr *> roots;
    for (const ast::ScanStmt &stmt : scan.body)
      if (stmt.kind != ast::ScanStmt::Kind::Init)
        roots.push_back(stmt.value.get());
    while (!roots.empty()) {
      const ast::Expr *root = roots.back();
      roots.pop_back();
      walkExpr(*root, [&](const ast::Expr &e) {
        if (e.kind != ast::ExprKind::Name)
          return true;
        if (e.ref == ast::RefKind::Dim)
          invariantReads.insert({e.name, &e});
        else if (e.ref != ast::RefKind::ScanLet)
          if (const ast::Expr *weak = weakNames.lookup(e.name))
            if (seenWeak.insert(e.name).second)
              roots.push_back(weak);
        return true;
      });
    }
  }

  int64_t axisFromEnd = 0;
  SmallVector<Value> seqs, invariants, inits;
  SmallVector<ast::Shape> seqSliceShapes;
  for (auto &[key, expr] : seqReads) {
    Value whole = values.lookup(key.first);
    int64_t rank = cast<RankedTensorType>(whole.getType()).getRank();
    axisFromEnd = expr->timeAxis - rank;
    if (key.second != 0)
      whole = b.create<sl::ShiftOp>(loc(expr->loc), whole, expr->timeAxis,
                                    -key.second);
    seqs.push_back(whole);
    seqSliceShapes.push_back(expr->type.shape);
  }
  for (auto &[name, expr] : invariantReads)
    invariants.push_back(expr->ref == ast::RefKind::Dim
                             ? dimValue(name, b.getF64Type(), loc(expr->loc))
                             : values.lookup(name));
  for (const ast::Expr *last : lastReads)
    invariants.push_back(emit(*last, b.getF32Type()));

  SmallVector<int64_t> lags;
  SmallVector<Type> resultTypes;
  for (const ast::StateInfo &state : scan.states) {
    if (seqReads.empty())
      axisFromEnd = state.timeAxis - static_cast<int64_t>(state.shape.size());
    Type elem = computeType(state.dtype, b.getF32Type());
    lags.push_back(state.order);
    resultTypes.push_back(tensorType(state.shape, elem));
    Value window; // the value of a window init `init h[-k:] = v`
    for (int64_t k = 1; k <= state.order; ++k) {
      const ast::Expr *init = state.inits[k - 1];
      Location il = loc(init ? init->loc : state.loc);
      int64_t index = state.initIndex[k - 1];
      if (init && index >= 0) {
        if (!window)
          window = emit(*init, elem);
        int64_t axis = state.initAxis[k - 1];
        ast::Shape sliced = init->type.shape;
        sliced.erase(sliced.begin() + axis);
        inits.push_back(broadcast(sliceAt(window, init->type.shape, axis,
                                          index, il),
                                  sliced, state.sliceShape, il));
        continue;
      }
      inits.push_back(init ? broadcast(emit(*init, elem), init->type.shape,
                                       state.sliceShape, il)
                           : constant(0.0, elem, state.sliceShape, il));
    }
  }
  if (axisFromEnd == 0)
    axisFromEnd = -1;

  Value steps = dimSize(scan.dim, l);
  auto loop = b.create<sl::LoopOp>(l, resultTypes, steps, axisFromEnd,
                                   scan.reverse, lags, seqs, invariants, inits);
  SmallVector<Attribute> names;
  for (const ast::StateInfo &state : scan.states)
    names.push_back(b.getStringAttr(state.name));
  loop->setAttr("sl.state_names", b.getArrayAttr(names));

  // The body: block arguments, then the statements in order.
  Block *body = new Block();
  loop.getBody().push_back(body);
  DimScope bodyScope;
  bodyScope.block = body;
  ScanContext ctx;
  ctx.scan = &scan;
  size_t i = 0;
  for (auto &[key, expr] : seqReads) {
    Value slice = body->addArgument(
        tensorType(expr->type.shape, elemOf(seqs[i])), loc(expr->loc));
    ctx.seqSlices[{key.first.str(), key.second}] = slice;
    bodyScope.sources.push_back({slice, &seqSliceShapes[i]});
    ++i;
  }
  i = 0;
  for (auto &[name, expr] : invariantReads) {
    Value arg = body->addArgument(invariants[i].getType(), loc(expr->loc));
    ctx.invariants[name] = arg;
    bodyScope.sources.push_back({arg, &expr->type.shape});
    ++i;
  }
  for (const ast::Expr *last : lastReads) {
    Value arg = body->addArgument(invariants[i].getType(), loc(last->loc));
    ctx.lasts[last] = arg;
    bodyScope.sources.push_back({arg, &last->type.shape});
    ++i;
  }
  for (auto [s, state] : llvm::enumerate(scan.states)) {
    Type sliceType = tensorType(state.sliceShape,
                                cast<RankedTensorType>(resultTypes[s]).getElementType());
    for (int64_t k = 1; k <= state.order; ++k) {
      Value arg = body->addArgument(sliceType, loc(state.loc));
      ctx.stateLags[{state.name, k}] = arg;
      bodyScope.sources.push_back({arg, &state.sliceShape});
    }
  }

  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(body);
  DimScope *outerScope = scope;
  scope = &bodyScope;
  scanCtx = &ctx;
  SmallVector<Value> newStates(scan.states.size());
  for (const ast::ScanStmt &stmt : scan.body) {
    if (stmt.kind == ast::ScanStmt::Kind::Init)
      continue;
    if (stmt.kind == ast::ScanStmt::Kind::Let) {
      if (stmt.value->type.dtype == ast::DType::Weak)
        weakNames[stmt.name] = stmt.value.get();
      else
        ctx.step[stmt.name] = emit(*stmt.value, b.getF32Type());
      continue;
    }
    size_t s = 0;
    while (scan.states[s].name != stmt.name)
      ++s;
    const ast::StateInfo &state = scan.states[s];
    Type elem = cast<RankedTensorType>(resultTypes[s]).getElementType();
    Value v = broadcast(emit(*stmt.value, elem), stmt.value->type.shape,
                        state.sliceShape, loc(stmt.value->loc));
    ctx.step[stmt.name] = v;
    newStates[s] = v;
  }
  b.create<sl::YieldOp>(l, newStates);
  // Per-step weak lets are local to this block.
  for (const ast::ScanStmt &stmt : scan.body)
    if (stmt.kind == ast::ScanStmt::Kind::Let)
      weakNames.erase(stmt.name);
  scanCtx = nullptr;
  scope = outerScope;

  for (auto [s, state] : llvm::enumerate(scan.states))
    values[state.name] = loop.getResult(s);
}

//===----------------------------------------------------------------------===//
} // namespace sluice::irgen
