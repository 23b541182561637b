//===- LoopKernels.cpp - sl.loop (a non-linear recurrence) on the CPU -----===//
//
// Sequential over T, parallel over everything else:
// - element-wise bodies (the common case: tanh RNNs, gated updates) become one
//   channel-parallel kernel: each work item is a tile of channels walking T,
//   its states' lags in a small stack array, the body computed per element;
// - any other body (a matmul or reduction coupling channels) becomes a Loop
//   step: per iteration, copy the step's slices in, run the body's ops as
//   ordinary (parallel) kernels on slice buffers, copy the new states out.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/ScalarOps.h"
#include "codegen/cpu/SliceKernels.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
constexpr int64_t kTile = 4096;

/// The most ops of a body compiled as one channel-parallel kernel: LLVM's
/// time on one function grows faster than its size (a body summing 100k
/// terms took 113 s), so a larger body runs step by step as ordinary
/// kernels, which code generation cuts into bounded pieces.
constexpr size_t kMaxElementwiseBodyOps = 4096;

/// True when every value of the body broadcasts (trailing-aligned) into one
/// common state slice, every op is element-wise, and the body is not huge.
bool isElementwiseBody(CodegenContext &ctx, sl::LoopOp loop, SymShape &slice) {
  Block &body = loop.getBody().front();
  if (body.getOperations().size() > kMaxElementwiseBodyOps)
    return false;
  auto yield = loop.getYield();
  if (yield.getValues().empty())
    return false;
  slice = ctx.shapes.shape(yield.getValues()[0]);
  for (Value v : yield.getValues())
    if (ctx.shapes.shape(v) != slice)
      return false;
  auto fits = [&](Value v) {
    const SymShape &s = ctx.shapes.shape(v);
    if (s.size() > slice.size())
      return false;
    for (size_t i = 0; i < s.size(); ++i) {
      const SymDim &d = s[s.size() - 1 - i];
      const SymDim &target = slice[slice.size() - 1 - i];
      if (d != target && !(d.dim < 0 && d.literal == 1))
        return false;
    }
    return true;
  };
  for (BlockArgument arg : body.getArguments())
    if (!fits(arg))
      return false;
  for (Operation &op : body) {
    if (isa<sl::YieldOp, tensor::DimOp>(op))
      continue;
    if (auto c = dyn_cast<arith::ConstantOp>(op);
        c && !isa<RankedTensorType>(c.getType()))
      continue;
    if (!isFusable(&op) || !fits(op.getResult(0)))
      return false;
  }
  return true;
}

void elementwiseLoop(CodegenContext &ctx, sl::LoopOp loop,
                     ArrayRef<int32_t> outputs) {
  KernelStep ks(ctx.kernels, ctx.kernelName("loop_channels"), loop.getLoc());
  KernelBuilder &kb = ks.kb;
  const SymShape shape = ctx.shapes.shape(loop.getResult(0));
  int n = static_cast<int>(shape.size());
  int axis = n + static_cast<int>(loop.getAxis());
  ExprEmitter em(ctx, ks, shape);
  Block &body = loop.getBody().front();

  // Where each block argument comes from.
  SmallVector<DimMap> seqMaps, invMaps, initMaps;
  for (Value v : loop.getSeqs()) {
    seqMaps.push_back(alignTrailing(ctx.shapes.shape(v), shape));
    em.collect(v, seqMaps.back());
  }
  for (Value v : loop.getInvariants()) {
    invMaps.push_back(alignTrailing(ctx.shapes.shape(v), shape, axis));
    em.collect(v, invMaps.back());
  }
  for (Value v : loop.getInits()) {
    initMaps.push_back(alignTrailing(ctx.shapes.shape(v), shape, axis));
    em.collect(v, initMaps.back());
  }
  SmallVector<unsigned> outSlots;
  for (int32_t out : outputs)
    outSlots.push_back(ks.slot(out));

  ArrayRef<int64_t> lags = loop.getLags();
  int64_t totalLags = loop.getInits().size();
  Type compute = KernelBuilder::computeType(
      cast<RankedTensorType>(loop.getResult(0).getType()).getElementType());
  Value lagStore = kb.stackArray(compute, std::max<int64_t>(totalLags, 1) * kTile);
  int inner = axis == n - 1 ? -1 : n - 1;
  SmallVector<int> itemDims;
  for (int d = 0; d < n; ++d)
    if (d != axis && d != inner)
      itemDims.push_back(d);
  Value steps = kb.size(shape[axis]);
  Value width = inner >= 0 ? kb.size(shape[inner]) : kb.i64(1);
  SmallVector<Value> strides(n);
  {
    Value s = kb.i64(1);
    for (int d = n - 1; d >= 0; --d) {
      strides[d] = s;
      s = kb.mul(s, kb.size(shape[d]));
    }
  }
  bool reverse = loop.getReverse();

  Value rowBegin = kb.div(kb.begin(), width);
  Value rowEnd = kb.div(kb.add(kb.end(), kb.sub(width, kb.i64(1))), width);
  kb.forLoop(rowBegin, rowEnd, [&](Value row) {
    SmallVector<Value> coords = kb.decompose(shape, itemDims, row);
    em.prepare(coords);
    Value rowStart = kb.mul(row, width);
    Value jlo = kb.max(kb.sub(kb.begin(), rowStart), kb.i64(0));
    Value jhi = kb.min(kb.sub(kb.end(), rowStart), width);
    kb.forLoopStep(jlo, jhi, kb.i64(kTile), [&](Value ts) {
      Value te = kb.min(kb.add(ts, kb.i64(kTile)), jhi);
      auto lagAddr = [&](int64_t slot, Value j) {
        return kb.gep(lagStore, kb.add(kb.i64(slot * kTile), kb.sub(j, ts)),
                      compute);
      };
      kb.forLoop(ts, te, [&](Value j) {
        em.beginScope();
        SmallVector<Value> at(coords);
        if (inner >= 0)
          at[inner] = j;
        for (int64_t i = 0; i < totalLags; ++i)
          kb.b.create<LLVM::StoreOp>(
              kb.loc, em.emit(loop.getInits()[i], initMaps[i], at), lagAddr(i, j));
      });
      kb.forLoop(kb.i64(0), steps, [&](Value s) {
        Value t = reverse ? kb.sub(kb.sub(steps, kb.i64(1)), s) : s;
        kb.forLoop(ts, te, [&](Value j) {
          em.beginScope();
          SmallVector<Value> at(coords);
          at[axis] = t;
          if (inner >= 0)
            at[inner] = j;
          IRMapping scalars;
          unsigned arg = 0;
          for (auto [i, v] : llvm::enumerate(loop.getSeqs()))
            scalars.map(body.getArgument(arg++), em.emit(v, seqMaps[i], at));
          for (auto [i, v] : llvm::enumerate(loop.getInvariants()))
            scalars.map(body.getArgument(arg++), em.emit(v, invMaps[i], at));
          for (int64_t i = 0; i < totalLags; ++i)
            scalars.map(body.getArgument(arg++),
                        kb.b.create<LLVM::LoadOp>(kb.loc, compute, lagAddr(i, j)));
          for (Operation &op : body) {
            if (isa<sl::YieldOp, tensor::DimOp>(op))
              continue;
            if (auto c = dyn_cast<arith::ConstantOp>(op);
                c && !isa<RankedTensorType>(c.getType()))
              continue;
            Value result;
            if (isa<sl::BroadcastOp>(op))
              result = scalars.lookup(op.getOperand(0));
            else if (Value c = emitSplatConstant(kb, &op))
              result = c;
            else {
              SmallVector<Value> operands;
              for (Value o : op.getOperands())
                operands.push_back(scalars.lookup(o));
              result = emitScalarOp(kb, &op, operands);
            }
            scalars.map(op.getResult(0), result);
          }
          Value off = kb.i64(0);
          for (int d = 0; d < n; ++d)
            off = kb.add(off, kb.mul(at[d], strides[d]));
          int64_t slot = 0;
          for (auto [s2, v] : llvm::enumerate(loop.getYield().getValues())) {
            Value next = scalars.lookup(v);
            kb.store(kb.buffer(outSlots[s2]), off, next,
                     ctx.storageType(outputs[s2]));
            // Rotate this state's lags: lag l takes lag l-1, lag 1 the new.
            for (int64_t l = lags[s2]; l >= 2; --l)
              kb.b.create<LLVM::StoreOp>(
                  kb.loc,
                  kb.b.create<LLVM::LoadOp>(kb.loc, compute,
                                            lagAddr(slot + l - 2, j)),
                  lagAddr(slot + l - 1, j));
            if (lags[s2] >= 1)
              kb.b.create<LLVM::StoreOp>(kb.loc, next, lagAddr(slot, j));
            slot += lags[s2];
          }
        });
      });
    });
  });
  runtime::SizeExpr channels = runtime::SizeExpr::literal(1);
  for (int d = 0; d < n; ++d)
    if (d != axis)
      channels = channels * shape[d].size();
  ks.step.range = channels;
  ks.step.itemSize = shape[axis].size();
  ks.step.minGrain = inner >= 0 ? 64 : 1;
  ctx.addStep(ks);
}

void sequentialLoop(CodegenContext &ctx, sl::LoopOp loop,
                    ArrayRef<int32_t> outputs) {
  Block &body = loop.getBody().front();
  // Everything the body reads from outside is computed once, before.
  for (Value v : loop.getSeqs())
    ctx.materialize(v);
  for (Value v : loop.getInvariants())
    ctx.materialize(v);
  for (Value v : loop.getInits())
    ctx.materialize(v);
  for (auto [r, out] : llvm::zip(loop.getResults(), outputs))
    ctx.buffers[r] = out;

  runtime::Step loopStep;
  loopStep.kind = runtime::Step::Kind::Loop;
  loopStep.name = "loop";
  int32_t counter =
      static_cast<int32_t>(ctx.plan.dimNames.size()) + ctx.plan.numCounters++;
  loopStep.counter = counter;
  loopStep.reverse = loop.getReverse();
  const SymShape shape = ctx.shapes.shape(loop.getResult(0));
  int64_t axisFromEnd = loop.getAxis();
  loopStep.range = ctx.shapes.sizes(loop.getResult(0))[shape.size() + axisFromEnd];
  std::vector<runtime::Step> *outer = ctx.stepSink;
  ctx.stepSink = &loopStep.body;
  auto counterValue = [counter](KernelBuilder &kb) { return kb.dim(counter); };

  unsigned arg = 0;
  // Sequence slices at this step.
  for (Value seq : loop.getSeqs()) {
    BlockArgument slice = body.getArgument(arg++);
    SliceCopy copy(loop.getLoc());
    copy.name = "loop_slice";
    copy.fullShape = ctx.shapes.shape(seq);
    copy.axis = static_cast<int>(copy.fullShape.size() + axisFromEnd);
    copy.output = ctx.newBuffer(slice, "slice");
    DimMap id;
    for (size_t d = 0; d < copy.fullShape.size(); ++d)
      id.push_back(static_cast<int>(d));
    copy.sources.push_back({seq, id});
    copy.step = counterValue;
    copy.element = [seq, id](KernelBuilder &, ExprEmitter &em,
                             ArrayRef<Value> at, Value) {
      return em.emit(seq, id, at);
    };
    generateSliceCopy(ctx, copy);
    ctx.buffers[slice] = copy.output;
  }
  for (Value inv : loop.getInvariants())
    ctx.buffers[body.getArgument(arg++)] = ctx.buffers[inv];
  // Each state's lag l: its result at t -/+ l, or its init before the start.
  unsigned init = 0;
  for (auto [s, lag] : llvm::enumerate(loop.getLags())) {
    Value result = loop.getResult(s);
    for (int64_t l = 1; l <= lag; ++l, ++init) {
      BlockArgument lagArg = body.getArgument(arg++);
      Value initValue = loop.getInits()[init];
      SliceCopy copy(loop.getLoc());
      copy.name = "loop_lag";
      copy.fullShape = shape;
      copy.axis = static_cast<int>(shape.size() + axisFromEnd);
      copy.output = ctx.newBuffer(lagArg, "lag");
      DimMap id, initMap = alignTrailing(ctx.shapes.shape(initValue), shape,
                                         copy.axis);
      for (size_t d = 0; d < shape.size(); ++d)
        id.push_back(static_cast<int>(d));
      copy.sources.push_back({result, id});
      copy.sources.push_back({initValue, initMap});
      bool reverse = loop.getReverse();
      SymDim steps = shape[copy.axis];
      copy.step = counterValue;
      copy.readStep = [reverse, l, steps](KernelBuilder &kb, Value t) {
        Value src = reverse ? kb.add(t, kb.i64(l)) : kb.sub(t, kb.i64(l));
        return kb.max(kb.min(src, kb.sub(kb.size(steps), kb.i64(1))), kb.i64(0));
      };
      copy.element = [=](KernelBuilder &kb, ExprEmitter &em, ArrayRef<Value> at,
                         Value t) -> Value {
        Value src = reverse ? kb.add(t, kb.i64(l)) : kb.sub(t, kb.i64(l));
        Value valid =
            reverse ? kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                                 src, kb.size(steps))
                    : kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sge,
                                                 src, kb.i64(0));
        Value fromResult = em.emit(result, id, at);
        Value fromInit = em.emit(initValue, initMap, at);
        return kb.b.create<arith::SelectOp>(kb.loc, valid, fromResult, fromInit);
      };
      generateSliceCopy(ctx, copy);
      ctx.buffers[lagArg] = copy.output;
    }
  }
  generateOps(ctx, body);
  // The new states into the results at this step.
  for (auto [s, v] : llvm::enumerate(loop.getYield().getValues())) {
    SliceCopy copy(loop.getLoc());
    copy.name = "loop_store";
    copy.fullShape = shape;
    copy.axis = static_cast<int>(shape.size() + axisFromEnd);
    copy.output = outputs[s];
    copy.outputIsFull = true;
    DimMap map = alignTrailing(ctx.shapes.shape(v), shape, copy.axis);
    copy.sources.push_back({v, map});
    copy.step = counterValue;
    // An init-capture: clang 14 (the fuzz build) cannot capture a binding.
    copy.element = [value = v, map](KernelBuilder &, ExprEmitter &em,
                                    ArrayRef<Value> at, Value) {
      return em.emit(value, map, at);
    };
    generateSliceCopy(ctx, copy);
  }
  ctx.stepSink = outer;
  ctx.stepSink->push_back(loopStep);
}
} // namespace

void generateLoop(CodegenContext &ctx, Operation *op) {
  auto loop = cast<sl::LoopOp>(op);
  SmallVector<int32_t> outputs;
  for (Value r : loop.getResults())
    outputs.push_back(ctx.newBuffer(r, "loop"));
  SymShape slice;
  if (isElementwiseBody(ctx, loop, slice))
    elementwiseLoop(ctx, loop, outputs);
  else
    sequentialLoop(ctx, loop, outputs);
  for (auto [r, out] : llvm::zip(loop.getResults(), outputs))
    ctx.buffers[r] = out;
}

} // namespace sluice::codegen::cpu
