//===- LoopKernels.cpp - sl.loop (a non-linear recurrence) on the CPU -----===//
//
// Sequential over T, parallel over everything else:
// - element-wise bodies (the common case: tanh RNNs, gated updates) become one
//   channel-parallel kernel: each work item is a tile of channels walking T,
//   its states' lags in rings (one slot per lag) in a bounded stack array,
//   the body computed per element; with the axis last (rows of T, `[B, T]`
//   series) the rows kernel instead (LoopRowsKernel.cpp, its blocks of
//   steps staged from and to the rows);
// - any other body (a matmul or reduction coupling channels) becomes a Loop
//   step: per iteration, copy the step's slices in, run the body's ops as
//   ordinary (parallel) kernels on slice buffers, copy the new states out.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/KernelRemarks.h"
#include "codegen/cpu/LoopBody.h"
#include "codegen/cpu/ScalarOps.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/SliceKernels.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
/// Most channels one work item of an element-wise loop walks at once.
constexpr int64_t kTile = 4096;
// (kLagBudget, LoopBody.h: the tile narrows as the lags grow, so lag 1024
// takes 16 channels at once.)

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
    if (!isElementwise(&op) || !fits(op.getResult(0)))
      return false;
  }
  return true;
}

} // namespace

LoopOperandMaps collectLoopOperands(CodegenContext &ctx, ExprEmitter &em,
                                    sl::LoopOp loop, const SymShape &space,
                                    int axis) {
  LoopOperandMaps maps;
  for (Value v : loop.getSeqs()) {
    maps.seqs.push_back(alignTrailing(ctx.shapes.shape(v), space));
    em.collect(v, maps.seqs.back());
  }
  for (Value v : loop.getInvariants()) {
    maps.invariants.push_back(alignTrailing(ctx.shapes.shape(v), space, axis));
    em.collect(v, maps.invariants.back());
  }
  for (Value v : loop.getInits()) {
    maps.inits.push_back(alignTrailing(ctx.shapes.shape(v), space, axis));
    em.collect(v, maps.inits.back());
  }
  return maps;
}

SmallVector<int64_t> lagRingStarts(sl::LoopOp loop) {
  SmallVector<int64_t> starts;
  for (unsigned st = 0; st < loop.getLags().size(); ++st)
    starts.push_back(loop.getFirstInitIndex(st));
  return starts;
}

void storeLagInits(KernelBuilder &kb, ExprEmitter &em, sl::LoopOp loop,
                   const LoopOperandMaps &maps, ArrayRef<int64_t> starts,
                   ArrayRef<Value> at,
                   const std::function<Value(Value)> &slotAddress) {
  for (auto [st, lag] : llvm::enumerate(loop.getLags())) {
    int64_t first = starts[st];
    for (int64_t l = 1; l <= lag;) {
      Value init = loop.getInits()[first + l - 1];
      int64_t last = l;
      while (last < lag && loop.getInits()[first + last] == init)
        ++last;
      Value v = em.emit(init, maps.inits[first + l - 1], at);
      Value lo = kb.i64(first + lag - last), hi = kb.i64(first + lag - l + 1);
      if (last == l)
        kb.b.create<LLVM::StoreOp>(kb.loc, v, slotAddress(lo));
      else
        kb.forLoop(lo, hi, [&](Value slot) {
          kb.b.create<LLVM::StoreOp>(kb.loc, v, slotAddress(slot));
        });
      l = last + 1;
    }
  }
}

LagSlots lagSlotsAt(KernelBuilder &kb, sl::LoopOp loop,
                    ArrayRef<int64_t> starts, Value s) {
  Block &body = loop.getBody().front();
  unsigned firstLagArg = loop.getSeqs().size() + loop.getInvariants().size();
  LagSlots slots;
  for (auto [st, lag] : llvm::enumerate(loop.getLags())) {
    Value position = lag > 0 ? kb.rem(s, kb.i64(lag)) : Value();
    slots.write.push_back(position ? kb.add(position, kb.i64(starts[st]))
                                   : Value());
    for (int64_t l = 1; l <= lag; ++l) {
      BlockArgument lagArg = body.getArgument(firstLagArg + starts[st] + l - 1);
      if (lagArg.use_empty())
        continue;
      Value back = kb.sub(position, kb.i64(l));
      Value wrapped = kb.b.create<arith::CmpIOp>(
          kb.loc, arith::CmpIPredicate::slt, back, kb.i64(0));
      back = kb.b.create<arith::SelectOp>(kb.loc, wrapped,
                                          kb.add(back, kb.i64(lag)), back);
      slots.reads.push_back({lagArg, kb.add(back, kb.i64(starts[st]))});
    }
  }
  return slots;
}

SmallVector<Value> emitLoopBody(KernelBuilder &kb, sl::LoopOp loop,
                                IRMapping &scalars) {
  for (Operation &op : loop.getBody().front()) {
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
  SmallVector<Value> next;
  for (Value v : loop.getYield().getValues())
    next.push_back(scalars.lookup(v));
  return next;
}

namespace {

void elementwiseLoop(CodegenContext &ctx, sl::LoopOp loop,
                     ArrayRef<int32_t> outputs) {
  KernelStep ks(ctx.kernels, ctx.kernelName("loop_channels"), loop.getLoc());
  KernelBuilder &kb = ks.kb;
  const SymShape shape = ctx.shapes.shape(loop.getResult(0));
  int n = static_cast<int>(shape.size());
  int axis = n + static_cast<int>(loop.getAxis());
  ExprEmitter em(ctx, ks, shape);
  Block &body = loop.getBody().front();

  LoopOperandMaps maps = collectLoopOperands(ctx, em, loop, shape, axis);
  SmallVector<unsigned> outSlots;
  for (int32_t out : outputs)
    outSlots.push_back(ks.slot(out));

  ArrayRef<int64_t> lags = loop.getLags();
  int64_t totalLags = loop.getInits().size();
  Type compute = KernelBuilder::computeType(
      cast<RankedTensorType>(loop.getResult(0).getType()).getElementType());
  // Each state's lags are a ring of `lag` slots per channel of the tile: at
  // step s its new value goes to slot s mod lag, where h[s-lag] was, and
  // h[s-l] is at (s-l) mod lag. One step costs O(1) per state whatever its
  // lag, and the stack holds at most kLagBudget values.
  int64_t tile = std::clamp<int64_t>(
      kLagBudget / std::max<int64_t>(totalLags, 1), 1, kTile);
  Value lagStore = kb.stackArray(compute, std::max<int64_t>(totalLags, 1) * tile);
  SmallVector<int64_t> ringStart = lagRingStarts(loop);
  RowLayout rows = rowLayoutAround(n, axis);
  int inner = rows.inner;
  ArrayRef<int> itemDims = rows.itemDims;
  Value steps = kb.size(shape[axis]);
  Value width = inner >= 0 ? kb.size(shape[inner]) : kb.i64(1);
  SmallVector<Value> strides = stridesOf(kb, shape);
  bool reverse = loop.getReverse();

  forRowRanges(
      kb, shape, itemDims, width,
      [&](SmallVector<Value> &coords, Value jlo, Value jhi) {
        em.prepare(coords);
        kb.forLoopStep(jlo, jhi, kb.i64(tile), [&](Value ts) {
          Value te = kb.min(kb.add(ts, kb.i64(tile)), jhi);
          auto lagAddr = [&](Value slot, Value j) {
            return kb.gep(lagStore,
                          kb.add(kb.mul(slot, kb.i64(tile)), kb.sub(j, ts)),
                          compute);
          };
          kb.forLoop(ts, te, [&](Value j) {
            em.beginScope();
            SmallVector<Value> at(coords);
            if (inner >= 0)
              at[inner] = j;
            storeLagInits(kb, em, loop, maps, ringStart, at,
                          [&](Value slot) { return lagAddr(slot, j); });
          });
          kb.forLoop(kb.i64(0), steps, [&](Value s) {
            Value t = reverse ? kb.sub(kb.sub(steps, kb.i64(1)), s) : s;
            LagSlots slots = lagSlotsAt(kb, loop, ringStart, s);
            kb.forLoop(ts, te, [&](Value j) {
              em.beginScope();
              SmallVector<Value> at(coords);
              at[axis] = t;
              if (inner >= 0)
                at[inner] = j;
              IRMapping scalars;
              unsigned arg = 0;
              for (auto [i, v] : llvm::enumerate(loop.getSeqs()))
                scalars.map(body.getArgument(arg++),
                            em.emit(v, maps.seqs[i], at));
              for (auto [i, v] : llvm::enumerate(loop.getInvariants()))
                scalars.map(body.getArgument(arg++),
                            em.emit(v, maps.invariants[i], at));
              // Only the lags the body reads are loaded.
              for (auto [lagArg, slot] : slots.reads)
                scalars.map(lagArg, kb.b.create<LLVM::LoadOp>(
                                        kb.loc, compute, lagAddr(slot, j)));
              SmallVector<Value> next = emitLoopBody(kb, loop, scalars);
              Value off = offsetOf(kb, at, strides);
              for (size_t st = 0; st < next.size(); ++st) {
                kb.store(kb.buffer(outSlots[st]), off, next[st],
                         ctx.storageType(outputs[st]));
                if (lags[st] >= 1)
                  kb.b.create<LLVM::StoreOp>(kb.loc, next[st],
                                             lagAddr(slots.write[st], j));
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
  remarkLoop(ctx, loop, channels, /*sequentialItems=*/false);
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
  remarkLoop(ctx, loop, loopStep.range, /*sequentialItems=*/true);
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
  // States may differ in shape (`m` [B, 1] next to `C` [B, K]): every copy
  // takes its own state's shape.
  unsigned init = 0;
  for (auto [s, lag] : llvm::enumerate(loop.getLags())) {
    Value result = loop.getResult(s);
    const SymShape shape = ctx.shapes.shape(result);
    for (int64_t l = 1; l <= lag; ++l, ++init) {
      BlockArgument lagArg = body.getArgument(arg++);
      if (lagArg.use_empty())
        continue; // h[t-l] is never read: no copy per step
      SliceCopy copy(loop.getLoc());
      copy.name = "loop_lag";
      copy.fullShape = shape;
      copy.axis = static_cast<int>(shape.size() + axisFromEnd);
      copy.output = ctx.newBuffer(lagArg, "lag");
      DimMap id;
      for (size_t d = 0; d < shape.size(); ++d)
        id.push_back(static_cast<int>(d));
      copy.sources.push_back({result, id});
      // Before the start, h[t-l] is h[-k] with k = l - t steps before the
      // first step: the state's init k, not init l. Runs of lags sharing one
      // init value are one alternative each (most inits are the default 0).
      struct InitRun {
        int64_t lastLag;
        Value value;
        DimMap map;
      };
      SmallVector<InitRun> runs;
      unsigned firstInit = init - (l - 1);
      for (int64_t k = 1; k <= l; ++k) {
        Value v = loop.getInits()[firstInit + k - 1];
        if (!runs.empty() && runs.back().value == v) {
          runs.back().lastLag = k;
          continue;
        }
        runs.push_back(
            {k, v, alignTrailing(ctx.shapes.shape(v), shape, copy.axis)});
        copy.sources.push_back({v, runs.back().map});
      }
      bool reverse = loop.getReverse();
      SymDim steps = shape[copy.axis];
      copy.step = counterValue;
      copy.readStep = [reverse, l, steps](KernelBuilder &kb, Value t) {
        Value src = reverse ? kb.add(t, kb.i64(l)) : kb.sub(t, kb.i64(l));
        return kb.max(kb.min(src, kb.sub(kb.size(steps), kb.i64(1))), kb.i64(0));
      };
      copy.element = [=](KernelBuilder &kb, ExprEmitter &em, ArrayRef<Value> at,
                         Value t) -> Value {
        // k <= 0: a step already computed.
        Value k = reverse ? kb.sub(kb.add(t, kb.i64(l)),
                                   kb.sub(kb.size(steps), kb.i64(1)))
                          : kb.sub(kb.i64(l), t);
        Value valid = kb.b.create<arith::CmpIOp>(
            kb.loc, arith::CmpIPredicate::sle, k, kb.i64(0));
        Value fromInit = em.emit(runs.back().value, runs.back().map, at);
        for (const InitRun &run : llvm::reverse(ArrayRef(runs).drop_back())) {
          Value inRun = kb.b.create<arith::CmpIOp>(
              kb.loc, arith::CmpIPredicate::sle, k, kb.i64(run.lastLag));
          fromInit = kb.b.create<arith::SelectOp>(
              kb.loc, inRun, em.emit(run.value, run.map, at), fromInit);
        }
        Value fromResult = em.emit(result, id, at);
        return kb.b.create<arith::SelectOp>(kb.loc, valid, fromResult, fromInit);
      };
      generateSliceCopy(ctx, copy);
      ctx.buffers[lagArg] = copy.output;
    }
  }
  generateOps(ctx, body);
  // The new states into the results at this step.
  for (auto [s, v] : llvm::enumerate(loop.getYield().getValues())) {
    const SymShape shape = ctx.shapes.shape(loop.getResult(s));
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
  // More lags than the stack budget (many states of long lags) go to the
  // Loop step, whose lag slices live in heap buffers.
  bool fitsStack =
      static_cast<int64_t>(loop.getInits().size()) <= kLagBudget;
  int rank = static_cast<int>(ctx.shapes.shape(loop.getResult(0)).size());
  bool rowsOfT = ctx.options.target.loopRowTiles && rank >= 2 &&
                 loop.getAxis() == -1 &&
                 static_cast<int64_t>(loop.getInits().size()) * kRowsLoopTile <=
                     kLagBudget;
  bool elementwise = fitsStack && isElementwiseBody(ctx, loop, slice);
  if (elementwise && rowsOfT)
    generateRowsLoop(ctx, loop, outputs);
  else if (elementwise)
    elementwiseLoop(ctx, loop, outputs);
  else
    sequentialLoop(ctx, loop, outputs);
  for (auto [r, out] : llvm::zip(loop.getResults(), outputs))
    ctx.buffers[r] = out;
}

} // namespace sluice::codegen::cpu
