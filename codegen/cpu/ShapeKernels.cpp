//===- ShapeKernels.cpp - reduce, last, slices and matmul on the CPU -----===//
//
// Each kernel iterates over rows of its output (all dims but the last) with
// an inner loop over the last dim; element-wise producers of the operand are
// computed inline through ExprEmitter. A reduction for OpenCL
// (TargetInfo::reductionRows off) gives each work item one output element
// instead.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/SliceKernels.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Location.h"

#include <limits>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {

/// Nested loops over `dims` of `shape` (outermost first), setting coords.
void nest(KernelBuilder &kb, const SymShape &shape, ArrayRef<int> dims,
          SmallVector<Value> &coords, const std::function<void()> &body) {
  if (dims.empty())
    return body();
  kb.forLoop(kb.i64(0), kb.size(shape[dims.front()]), [&](Value iv) {
    coords[dims.front()] = iv;
    nest(kb, shape, dims.drop_front(), coords, body);
  });
}

/// The identity of a reduction kind (sum and mean: 0).
double identityOf(sl::ReduceKind kind) {
  double inf = std::numeric_limits<double>::infinity();
  return kind == sl::ReduceKind::max   ? -inf
         : kind == sl::ReduceKind::min ? inf
                                       : 0.0;
}

/// `acc` combined with `x` by `kind` (mean: the sum).
Value combine(KernelBuilder &kb, sl::ReduceKind kind, Value acc, Value x) {
  if (kind == sl::ReduceKind::max)
    return kb.b.create<arith::MaximumFOp>(kb.loc, acc, x);
  if (kind == sl::ReduceKind::min)
    return kb.b.create<arith::MinimumFOp>(kb.loc, acc, x);
  return kb.b.create<arith::AddFOp>(kb.loc, acc, x);
}

/// The reduction with one work item per output element
/// (TargetInfo::reductionRows off): the item's coordinates are every dim
/// but the axis, in order, row-major like the output; it walks the
/// axis with the value in a register, in the axis's order (the row
/// kernel's order for each element, but for the CPU's long rows over the
/// last dim, which it sums in partial results: generateLastDimReduce; a
/// 16-bit output is rounded once, at the end), and writes the element
/// once.
void generateReduceByElement(CodegenContext &ctx, KernelStep &ks,
                             ExprEmitter &em, sl::ReduceOp reduce,
                             int32_t out) {
  KernelBuilder &kb = ks.kb;
  Value input = reduce.getInput();
  const SymShape shape = ctx.shapes.shape(input);
  int n = static_cast<int>(shape.size());
  int axis = static_cast<int>(reduce.getAxis());
  DimMap id = identityMap(n);
  if (out < 0)
    out = ctx.newBuffer(reduce.getResult(), "reduce");
  unsigned outSlot = ks.slot(out);
  Type storage = ctx.storageType(out);
  Type compute = KernelBuilder::computeType(storage);
  sl::ReduceKind kind = reduce.getKind();
  SmallVector<int> itemDims;
  for (int d = 0; d < n; ++d)
    if (d != axis)
      itemDims.push_back(d);
  kb.forLoop(kb.begin(), kb.end(), [&](Value o) {
    SmallVector<Value> coords = kb.decompose(shape, itemDims, o);
    em.prepare(coords);
    SmallVector<Value> acc = kb.forLoopCarried(
        kb.i64(0), kb.size(shape[axis]),
        ValueRange{kb.fconst(compute, identityOf(kind))},
        [&](Value r, ValueRange cur) {
          coords[axis] = r;
          em.beginScope();
          Value x = em.emit(input, id, coords);
          return SmallVector<Value>{combine(kb, kind, cur[0], x)};
        });
    Value result = acc[0];
    if (kind == sl::ReduceKind::mean)
      result = kb.b.create<arith::DivFOp>(
          kb.loc, result,
          kb.b.create<arith::SIToFPOp>(kb.loc, compute, kb.size(shape[axis])));
    kb.store(kb.buffer(outSlot), o, result, storage);
  });
  std::vector<runtime::SizeExpr> items;
  for (int d : itemDims)
    items.push_back(shape[d].size());
  ks.step.range = runtime::productOf(items);
  ks.step.itemSize = shape[axis].size();
  ctx.addStep(ks);
  ctx.buffers[reduce.getResult()] = out;
}

/// A reduction over the last dim (the rows' elements contiguous). A row
/// of at least 2 * `lanes` elements (`lanes` for a sum or mean) is reduced
/// in `lanes` partial results: element r goes to partial r mod `lanes`, the
/// row's full tiles one vector of straight-line code (laneLoop), and the
/// partials are combined pairwise at the end (lane i with lane i + lanes /
/// 2, and so on down to one): for a sum, one vector reduction in registers
/// (KernelBuilder::sumLanes: the pairwise loops stored a vector and loaded
/// pieces of it at every level, which cost more than a row of 32; entry 43),
/// else loops over the stack array. A shorter row is one accumulator in the
/// axis's order, as before: its chain of dependent adds is short, and the
/// core overlaps the chains of consecutive rows, where the partials' setup
/// and tree would cost more than the row (benchmarks/NOTES.md, entry 37).
/// Either way the order is fixed by the row's length, whatever the threads.
void generateLastDimReduce(CodegenContext &ctx, KernelStep &ks, ExprEmitter &em,
                           sl::ReduceOp reduce, int32_t out, int64_t lanes) {
  KernelBuilder &kb = ks.kb;
  Value input = reduce.getInput();
  const SymShape shape = ctx.shapes.shape(input);
  int n = static_cast<int>(shape.size());
  int axis = n - 1;
  DimMap id = identityMap(n);
  unsigned outSlot = ks.slot(out);
  Type storage = ctx.storageType(out);
  Type compute = KernelBuilder::computeType(storage);
  sl::ReduceKind kind = reduce.getKind();
  SmallVector<int> rowDims;
  for (int d = 0; d < axis; ++d)
    rowDims.push_back(d);
  Value size = kb.size(shape[axis]);
  Value partials = kb.stackArray(compute, lanes);
  bool sums = kind == sl::ReduceKind::sum || kind == sl::ReduceKind::mean;
  Value longRows =
      kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sge, size,
                                 kb.i64(sums ? lanes : 2 * lanes));
  Value shortRows = kb.b.create<arith::XOrIOp>(
      kb.loc, longRows,
      kb.b.create<arith::ConstantIntOp>(kb.loc, 1, kb.b.getI1Type()));
  kb.forLoop(kb.begin(), kb.end(), [&](Value o) {
    SmallVector<Value> coords = kb.decompose(shape, rowDims, o);
    coords.resize(n);
    em.prepare(coords);
    auto element = [&](Value r) {
      em.beginScope();
      coords[axis] = r;
      return em.emit(input, id, coords);
    };
    auto finish = [&](Value result) {
      if (kind == sl::ReduceKind::mean)
        result = kb.b.create<arith::DivFOp>(
            kb.loc, result,
            kb.b.create<arith::SIToFPOp>(kb.loc, compute, size));
      kb.store(kb.buffer(outSlot), o, result, storage);
    };
    kb.ifThen(longRows, [&] {
      kb.laneLoop(kb.i64(0), kb.i64(lanes), lanes, [&](Value i) {
        kb.store(partials, i, kb.fconst(compute, identityOf(kind)), compute);
      });
      kb.forTiles(kb.i64(0), size, lanes, [&](Value r0, Value count) {
        kb.laneLoop(kb.i64(0), count, lanes, [&](Value i) {
          Value x = element(kb.add(r0, i));
          kb.store(partials, i,
                   combine(kb, kind, kb.load(partials, i, compute), x),
                   compute);
        });
      });
      if (sums)
        return finish(kb.sumLanes(partials, kb.i64(0), lanes, compute));
      // (Plain loops: LLVM unrolls and vectorises them; asked to vectorise
      // at their width, the last ones warned that they could not.)
      auto fold = [&](Value i, int64_t half) {
        Value upper = kb.load(partials, kb.add(i, kb.i64(half)), compute);
        return combine(kb, kind, kb.load(partials, i, compute), upper);
      };
      for (int64_t half = lanes / 2; half > 1; half /= 2)
        kb.forLoop(kb.i64(0), kb.i64(half), [&](Value i) {
          kb.store(partials, i, fold(i, half), compute);
        });
      finish(fold(kb.i64(0), 1));
    });
    kb.ifThen(shortRows, [&] {
      SmallVector<Value> acc = kb.forLoopCarried(
          kb.i64(0), size, ValueRange{kb.fconst(compute, identityOf(kind))},
          [&](Value r, ValueRange current) {
            return SmallVector<Value>{
                combine(kb, kind, current[0], element(r))};
          });
      finish(acc[0]);
    });
  });
  std::vector<runtime::SizeExpr> rows;
  for (int d : rowDims)
    rows.push_back(shape[d].size());
  ks.step.range = runtime::productOf(rows);
  ks.step.itemSize = shape[axis].size();
  ctx.addStep(ks);
  ctx.buffers[reduce.getResult()] = out;
}

} // namespace

void generateReduce(CodegenContext &ctx, Operation *op, int32_t out) {
  auto reduce = cast<sl::ReduceOp>(op);
  Value input = reduce.getInput();
  const SymShape shape = ctx.shapes.shape(input);
  int n = static_cast<int>(shape.size());
  int axis = static_cast<int>(reduce.getAxis());
  KernelStep ks(ctx.kernels, ctx.kernelName("reduce"), op->getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, shape);
  DimMap id = identityMap(n);
  em.collect(input, id);
  if (!ctx.options.target.reductionRows)
    return generateReduceByElement(ctx, ks, em, reduce, out);
  if (out < 0)
    out = ctx.newBuffer(reduce.getResult(), "reduce");
  unsigned outSlot = ks.slot(out);
  Type storage = ctx.storageType(out);
  Type compute = KernelBuilder::computeType(storage);
  SmallVector<int> outerDims, innerDims;
  for (int d = 0; d < n; ++d)
    (d < axis ? outerDims : innerDims).push_back(d);
  innerDims.erase(innerDims.begin()); // the reduced axis itself
  Value innerSize = kb.product(shape, axis + 1, n);
  sl::ReduceKind kind = reduce.getKind();
  double identity = identityOf(kind);
  int64_t lanes = ctx.options.target.reductionLanes;
  if (innerDims.empty() && lanes > 1) {
    generateLastDimReduce(ctx, ks, em, reduce, out, lanes);
    return;
  }
  kb.forLoop(kb.begin(), kb.end(), [&](Value o) {
    SmallVector<Value> coords = kb.decompose(shape, outerDims, o);
    em.prepare(coords);
    Value base = kb.mul(o, innerSize);
    auto innerOffset = [&]() {
      Value off = kb.i64(0);
      for (int d : innerDims)
        off = kb.add(kb.mul(off, kb.size(shape[d])), coords[d]);
      return kb.add(base, off);
    };
    Value ptr = kb.buffer(outSlot);
    nest(kb, shape, innerDims, coords, [&] {
      kb.store(ptr, innerOffset(), kb.fconst(compute, identity), storage);
    });
    kb.forLoop(kb.i64(0), kb.size(shape[axis]), [&](Value r) {
      coords[axis] = r;
      nest(kb, shape, innerDims, coords, [&] {
        em.beginScope();
        Value x = em.emit(input, id, coords);
        Value off = innerOffset();
        Value acc = kb.load(ptr, off, storage);
        kb.store(ptr, off, combine(kb, kind, acc, x), storage);
      });
    });
    if (kind == sl::ReduceKind::mean) {
      Value count = kb.b.create<arith::SIToFPOp>(kb.loc, compute,
                                                 kb.size(shape[axis]));
      nest(kb, shape, innerDims, coords, [&] {
        Value off = innerOffset();
        Value sum = kb.load(ptr, off, storage);
        kb.store(ptr, off, kb.b.create<arith::DivFOp>(kb.loc, sum, count),
                 storage);
      });
    }
  });
  std::vector<runtime::SizeExpr> outer;
  for (int d : outerDims)
    outer.push_back(shape[d].size());
  ks.step.range = runtime::productOf(outer);
  std::vector<runtime::SizeExpr> rest;
  for (int d = axis; d < n; ++d)
    rest.push_back(shape[d].size());
  ks.step.itemSize = runtime::productOf(rest);
  ctx.addStep(ks);
  ctx.buffers[reduce.getResult()] = out;
}

void generateSliceCopy(CodegenContext &ctx, const SliceCopy &copy) {
  // The space is the full tensor (with the axis); the slice has the other
  // dims. Rows of the slice are work items; the inner loop runs over the
  // slice's last dim.
  const SymShape &full = copy.fullShape;
  int n = static_cast<int>(full.size());
  int axis = copy.axis;
  KernelStep ks(ctx.kernels, ctx.kernelName(copy.name), copy.loc);
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, full);
  for (const SliceCopy::Source &src : copy.sources)
    em.collect(src.value, src.map);
  SmallVector<std::pair<int32_t, const SliceCopy::ElementFn *>> parts = {
      {copy.output, &copy.element}};
  for (const SliceCopy::Part &part : copy.moreParts)
    parts.push_back({part.output, &part.element});
  SmallVector<unsigned> outSlots;
  for (const auto &part : parts)
    outSlots.push_back(ks.slot(part.first));
  SmallVector<int> sliceDims;
  for (int d = 0; d < n; ++d)
    if (d != axis)
      sliceDims.push_back(d);
  int inner = sliceDims.empty() ? -1 : sliceDims.back();
  SmallVector<int> rowDims(sliceDims.begin(), sliceDims.end());
  if (!rowDims.empty())
    rowDims.pop_back();
  // Output strides: of the full shape (insert) or of the slice (extract).
  SmallVector<Value> strides(n, Value());
  Value s = kb.i64(1);
  for (int d = n - 1; d >= 0; --d) {
    if (d == axis && !copy.outputIsFull)
      continue;
    strides[d] = s;
    s = kb.mul(s, kb.size(full[d]));
  }
  Value width = inner >= 0 ? kb.size(full[inner]) : kb.i64(1);
  kb.forLoop(kb.begin(), kb.end(), [&](Value row) {
    SmallVector<Value> coords = kb.decompose(full, rowDims, row);
    Value step = copy.step(kb);
    coords[axis] = copy.readStep ? copy.readStep(kb, step) : step;
    em.prepare(coords);
    Value base = kb.i64(0);
    for (int d : rowDims)
      base = kb.add(base, kb.mul(coords[d], strides[d]));
    if (copy.outputIsFull)
      base = kb.add(base, kb.mul(step, strides[axis]));
    kb.forLoop(kb.i64(0), width, [&](Value j) {
      em.beginScope();
      SmallVector<Value> at(n, Value());
      if (inner >= 0)
        at[inner] = j;
      Value off = inner >= 0 ? kb.add(base, kb.mul(j, strides[inner])) : base;
      for (size_t p = 0; p < parts.size(); ++p)
        kb.store(kb.buffer(outSlots[p]), off,
                 (*parts[p].second)(kb, em, at, step),
                 ctx.storageType(parts[p].first));
    });
  });
  std::vector<runtime::SizeExpr> rows;
  for (int d : rowDims)
    rows.push_back(full[d].size());
  ks.step.range = runtime::productOf(rows);
  ks.step.itemSize = inner >= 0 ? full[inner].size() : runtime::SizeExpr::literal(1);
  ctx.addStep(ks);
}

namespace {
/// Whether `v` is computed, through ops that make no kernel (computed where
/// read), from a result of an op of `ops`.
bool readsResultOf(CodegenContext &ctx, Value v,
                   const llvm::DenseSet<Operation *> &ops) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (ops.contains(def))
    return true;
  if (!makesNoKernel(ctx, def))
    return false;
  return llvm::any_of(def->getOperands(), [&](Value operand) {
    return readsResultOf(ctx, operand, ops);
  });
}

/// The `sl.last` ops that follow `first` in its block with only ops that
/// make no kernel between (inline element-wise ops, dims, constants), of
/// the same shape, axis and direction, none reading another's result: one
/// kernel stores them all.
SmallVector<sl::LastOp> lastOpsAlongside(CodegenContext &ctx,
                                         sl::LastOp first) {
  SmallVector<sl::LastOp> group;
  llvm::DenseSet<Operation *> members = {first.getOperation()};
  const SymShape &shape = ctx.shapes.shape(first.getInput());
  for (Operation *op = first->getNextNode(); op; op = op->getNextNode()) {
    if (makesNoKernel(ctx, op))
      continue;
    auto last = dyn_cast<sl::LastOp>(op);
    if (!last || last.getAxis() != first.getAxis() ||
        last.getReverse() != first.getReverse() ||
        ctx.shapes.shape(last.getInput()) != shape ||
        readsResultOf(ctx, last.getInput(), members))
      break;
    group.push_back(last);
    members.insert(last);
  }
  return group;
}

/// Requires the axis of `last` to have a step (a plan requirement checked
/// when the sizes are known).
void requireOneStep(CodegenContext &ctx, sl::LastOp last) {
  const SymDim &steps = ctx.shapes.shape(last.getInput())[last.getAxis()];
  std::string where;
  if (auto file = dyn_cast<FileLineColLoc>(last->getLoc()))
    where = file.getFilename().str() + ":" + std::to_string(file.getLine()) +
            ":" + std::to_string(file.getColumn()) + ": ";
  std::string dimName = steps.dim >= 0 ? ctx.plan.dimNames[steps.dim]
                                       : std::to_string(steps.literal);
  ctx.plan.requirements.push_back(
      {steps.size(), 1,
       where + "last() needs at least one step, but dim '" + dimName +
           "' is 0"});
}
} // namespace

void generateLast(CodegenContext &ctx, Operation *op) {
  auto last = cast<sl::LastOp>(op);
  Value input = last.getInput();
  requireOneStep(ctx, last);
  SliceCopy copy(op->getLoc());
  copy.name = "last";
  copy.fullShape = ctx.shapes.shape(input);
  copy.axis = static_cast<int>(last.getAxis());
  copy.output = ctx.newBuffer(last.getResult(), "last");
  DimMap id = identityMap(copy.fullShape.size());
  copy.sources.push_back({input, id});
  bool reverse = last.getReverse();
  SymDim steps = copy.fullShape[copy.axis];
  copy.step = [reverse, steps](KernelBuilder &kb) {
    return reverse ? kb.i64(0) : kb.sub(kb.size(steps), kb.i64(1));
  };
  copy.element = [input, id](KernelBuilder &, ExprEmitter &em,
                             ArrayRef<Value> at, Value) {
    return em.emit(input, id, at);
  };
  SmallVector<sl::LastOp> others = lastOpsAlongside(ctx, last);
  for (sl::LastOp other : others) {
    requireOneStep(ctx, other);
    Value otherInput = other.getInput();
    copy.sources.push_back({otherInput, id});
    copy.moreParts.push_back(
        {ctx.newBuffer(other.getResult(), "last"),
         [otherInput, id](KernelBuilder &, ExprEmitter &em, ArrayRef<Value> at,
                          Value) { return em.emit(otherInput, id, at); }});
    ctx.generated.insert(other);
  }
  generateSliceCopy(ctx, copy);
  ctx.buffers[last.getResult()] = copy.output;
  for (size_t i = 0; i < others.size(); ++i)
    ctx.buffers[others[i].getResult()] = copy.moreParts[i].output;
}

void generateMatmul(CodegenContext &ctx, Operation *op) {
  auto mm = cast<sl::MatmulOp>(op);
  int32_t lhs = ctx.materialize(mm.getLhs());
  int32_t rhs = ctx.materialize(mm.getRhs());
  int32_t out = ctx.newBuffer(mm.getResult(), "matmul");
  const SymShape &ls = ctx.shapes.shape(mm.getLhs());
  const SymShape &rs = ctx.shapes.shape(mm.getRhs());
  runtime::Step step;
  step.kind = runtime::Step::Kind::Matmul;
  step.name = "matmul";
  step.buffers = {lhs, rhs, out};
  std::vector<runtime::SizeExpr> leading;
  for (size_t d = 0; d + 1 < ls.size(); ++d)
    leading.push_back(ls[d].size());
  step.rhsBatched = rs.size() > 2 || (rs.size() == ls.size() + 1 && ls.size() > 1);
  step.contraction = ls.back().size();
  step.columns = rs.back().size();
  if (step.rhsBatched) {
    step.batch = runtime::productOf(leading);
    step.rows = runtime::SizeExpr::literal(1);
  } else {
    step.batch = runtime::SizeExpr::literal(1);
    step.rows = runtime::productOf(leading);
  }
  ctx.stepSink->push_back(step);
  ctx.buffers[mm.getResult()] = out;
}

} // namespace sluice::codegen::cpu
