//===- ScanKernels.cpp - sl.scan on the CPU -------------------------------===//
//
// Two strategies, as the scan's `#sl.schedule` (sl-schedule) says: one of
// them, or both in the plan, chosen at run time by the channel count C (the
// product of the non-scan dims), see DESIGN.md "Scheduling":
// - channel-parallel (ScanGroupKernel.cpp, shared with the scans of its
//   group, ScanGroup.h): each work item is a run of channels along the last
//   dim; it walks T, reading each previous state back from the row written
//   the step before, so the inner loop over the row vectorizes;
// - look-back (few channels): T is cut into blocks (TargetInfo::blockSteps);
//   (A) each block reduces to the aggregate maps (M, f) of its lanes
//   (k+1 recurrences per lane, the lanes interleaved so their dependency
//   chains overlap), (B) once the previous block's carry is known, the
//   block's carry follows, (C) the block's lanes re-run from their carries
//   (from cache) and write the results (the last block of a one-state
//   linear scan walked from its carry in groups instead:
//   ScanApplyGroups.h). One pass over memory. The runtime schedules the
//   three kernels (runtime/cpu/LookbackSchedule.h).
// Element-wise producers of the coefficients, inputs and inits are computed
// inline (ExprEmitter), so the scan reads the model's tensors directly.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/KernelRemarks.h"
#include "codegen/cpu/ScanApplyGroups.h"
#include "codegen/cpu/ScanCarryTree.h"
#include "codegen/cpu/ScanGroup.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"
#include "codegen/cpu/ScanTile.h"
#include "ir/SluiceOps.h"
#include "passes/ScanSchedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::cpu {

BlockFrame blockFrame(KernelBuilder &kb, ScanInfo &info, Value item) {
  BlockFrame fr;
  int n = static_cast<int>(info.shape.size());
  SmallVector<int> dims;
  for (int d = 0; d < n; ++d)
    if (d != info.axis)
      dims.push_back(d);
  fr.channels = kb.i64(1);
  for (int d : dims)
    fr.channels = kb.mul(fr.channels, kb.size(info.shape[d]));
  fr.item = item;
  fr.block = kb.div(item, fr.channels);
  fr.coords = kb.decompose(info.shape, dims, kb.rem(item, fr.channels));
  fr.steps = kb.size(info.shape[info.axis]);
  return fr;
}

namespace {
/// The largest entry of a lane's map (k > 1) that the look-back composes
/// with; a lane with a larger one is walked step by step from its start
/// state instead. Composing a map M over a lane of L steps rounds the
/// carried state to about eps * |M| * |state|; a marginally stable
/// oscillator (a double root at 1: |M| ~ L) then carries a velocity error
/// that its remaining steps amplify L-fold again: LinOSS-IM with A = 0 at
/// T = 40000 in f32 was off by 3.4x the largest value (the loop: 2.6e-2).
/// 256 lets the GPU's chunks of 32 steps compose damped oscillators (a
/// bound of 16 walked many: LinOSS on the H200 2.9x slower) and walks the
/// CPU's lanes of 4112 steps around a double root (entries ~4112).
constexpr double kLargestComposedEntry = 256.0;

//===----------------------------------------------------------------------===//
// Look-back (few channels, long T)
//===----------------------------------------------------------------------===//

/// The steps of each lane of block `block`: the lane length, except in a
/// last block shorter than a block of a one-state scan, whose steps the
/// lanes share evenly (ceil(rest / lanes)): at T = 2048 and lanes of 4112
/// steps, lane 0 had run all 2048 steps and the 7 others as many masked
/// ones, 8x the loop's work (mLSTM's max-plus scan of 8 channels: 3 of its
/// 6 ms). A scan of k > 1 states keeps lane 0 alone there, in the loop's
/// order: composing the lanes' maps of a marginally stable oscillator
/// (LinOSS with A = 0, a double root at 1) loses its precision
/// (benchmarks/NOTES.md, entry 23). The shared length is rounded up to 16
/// (mod 32) steps: lanes a multiple of 4 KiB apart (T = 2^n within one
/// block, 4096 f32 steps a lane at T = 32768) fall into one set of the L1
/// and alias each other's stores, 10x slower over 16 rows; at 32a + 16
/// steps apart the 8 lanes' starts differ by 64 bytes or more modulo 4 KiB,
/// as with the full lane length of 4112 (entry 38).
Value laneLength(KernelBuilder &kb, const ScanInfo &info, Value block) {
  if (info.lanes == 1 || info.k > 1)
    return info.laneStepsValue(kb);
  Value rest = kb.sub(kb.size(info.shape[info.axis]),
                      kb.mul(block, info.blockStepsValue(kb)));
  Value share = kb.div(kb.add(rest, kb.i64(info.lanes - 1)), kb.i64(info.lanes));
  Value spread =
      kb.add(kb.mul(kb.div(kb.add(share, kb.i64(31)), kb.i64(32)), kb.i64(32)),
             kb.i64(16));
  return kb.min(info.laneStepsValue(kb), spread);
}

/// The iteration step of lane `g` at position `s` of block `block`, whose
/// lanes are `length` steps long (laneLength).
Value laneStep(KernelBuilder &kb, const ScanInfo &info, Value block,
               Value length, Value g, Value s) {
  return kb.add(kb.add(kb.mul(block, info.blockStepsValue(kb)),
                       kb.mul(g, length)),
                s);
}

/// One element of one lane in the look-back kernels: the lane, its
/// coordinates, the operand elements there, and (last block only) whether
/// the step is inside T.
struct LaneStep {
  int64_t lane = 0;
  SmallVector<Value> at, m, f;
  Value valid; ///< null when the block is full
};

/// Whether block `fr.block` ends inside T (every block but a shorter last).
Value blockIsFull(KernelBuilder &kb, const ScanInfo &info,
                  const BlockFrame &fr) {
  Value blockSteps = info.blockStepsValue(kb);
  return kb.b.create<arith::CmpIOp>(
      kb.loc, arith::CmpIPredicate::sle,
      kb.add(kb.mul(fr.block, blockSteps), blockSteps), fr.steps);
}

/// Runs the lanes of a block in lockstep, carrying `init` (the lanes'
/// values, in lane order); `body` gets each lane's step and the carried
/// values and returns that lane's next ones. Only the last block can run
/// past T, so every other block takes a copy of the loop without masks;
/// with `fullOnly` the block is known to be full (the caller handles the
/// last block another way) and only that copy is emitted.
SmallVector<Value> runBlockLanes(
    KernelBuilder &kb, ExprEmitter &em, ScanInfo &info, const BlockFrame &fr,
    ValueRange init,
    const std::function<SmallVector<Value>(const LaneStep &, ValueRange)> &body,
    bool fullOnly = false) {
  bool reverse = info.op.getReverse();
  Value last = kb.sub(fr.steps, kb.i64(1));
  Value blockStart = kb.mul(fr.block, info.blockStepsValue(kb));
  auto runLanes = [&](bool masked) {
    // In the last block, lane 0 (the longest) ends by T.
    Value stride = masked ? laneLength(kb, info, fr.block)
                          : info.laneStepsValue(kb);
    Value length =
        masked ? kb.min(stride, kb.sub(fr.steps, blockStart)) : stride;
    return kb.stepLoopCarried(
        kb.i64(0), length, init, [&](Value s, ValueRange cur) {
          SmallVector<Value> next;
          for (int64_t g = 0; g < info.lanes; ++g) {
            em.beginScope();
            LaneStep ls;
            ls.lane = g;
            Value step = laneStep(kb, info, fr.block, stride, kb.i64(g), s);
            if (masked) {
              ls.valid = kb.b.create<arith::CmpIOp>(
                  kb.loc, arith::CmpIPredicate::slt, step, fr.steps);
              step = kb.min(step, last);
            }
            ls.at.assign(fr.coords.begin(), fr.coords.end());
            ls.at[info.axis] = storageStep(kb, reverse, step, fr.steps);
            ls.m = info.emit(em, info.m, ls.at);
            ls.f = info.emit(em, info.f, ls.at);
            SmallVector<Value> out = body(ls, cur);
            next.append(out.begin(), out.end());
          }
          return next;
        });
  };
  if (fullOnly)
    return runLanes(false);
  Value full = blockIsFull(kb, info, fr);
  SmallVector<Type> types;
  for (Value v : init)
    types.push_back(v.getType());
  return kb.ifElse(full, types, [&] { return runLanes(false); },
                   [&] { return runLanes(true); });
}

} // namespace

Value composableMap(KernelBuilder &kb, const ScanInfo &info,
                    ArrayRef<Value> m) {
  Value composable = kb.b.create<arith::ConstantIntOp>(kb.loc, 1, 1);
  if (info.k == 1)
    return composable;
  Value bound = kb.fconst(info.compute, kLargestComposedEntry);
  for (Value v : m)
    composable = kb.b.create<arith::AndIOp>(
        kb.loc, composable,
        kb.b.create<arith::CmpFOp>(kb.loc, arith::CmpFPredicate::OLE,
                                   kb.b.create<math::AbsFOp>(kb.loc, v),
                                   bound));
  return composable;
}

Value mustWalk(KernelBuilder &kb, const ScanInfo &info, ArrayRef<Value> state,
               ArrayRef<Value> m, ArrayRef<Value> f) {
  SmallVector<Value> checked(state.begin(), state.end());
  checked.append(m.begin(), m.end());
  checked.append(f.begin(), f.end());
  Value yes = kb.b.create<arith::ConstantIntOp>(kb.loc, 1, 1);
  Value walk =
      kb.b.create<arith::XOrIOp>(kb.loc, allFinite(kb, checked), yes);
  if (info.k == 1)
    return walk;
  // (An entry that is NaN, caught above, fails composableMap too.)
  return kb.b.create<arith::OrIOp>(
      kb.loc, walk,
      kb.b.create<arith::XOrIOp>(kb.loc, composableMap(kb, info, m), yes));
}

/// Whether every value of `values` is finite (false for NaN).
Value allFinite(KernelBuilder &kb, ArrayRef<Value> values) {
  OpBuilder &b = kb.b;
  Value all;
  for (Value v : values) {
    Value inf = kb.fconst(v.getType(), std::numeric_limits<double>::infinity());
    Value magnitude = b.create<math::AbsFOp>(kb.loc, v);
    Value finite = b.create<arith::CmpFOp>(kb.loc, arith::CmpFPredicate::OLT,
                                           magnitude, inf);
    all = all ? b.create<arith::AndIOp>(kb.loc, all, finite) : finite;
  }
  return all;
}

/// The state after lane `g` of block `block` (channel `coords`) from state
/// `s`, through the lane's aggregate map (`m`, `f`). A linear scan takes
/// the aggregate only while `s` and the map are finite (and
/// `stepwiseAllowed`, when given, holds); otherwise it walks the lane's steps
/// from `s` like the sequential loop. An infinite state times a coefficient
/// product that underflowed to 0 would give NaN, where the loop keeps the
/// infinity (0.9^4096 * -inf); an infinite product times a zero state, NaN
/// where the loop stays finite. A forcing that is not finite (an infinite
/// input inside the lane) is walked too: no map then stands in for steps
/// whose structural zeros the loop never multiplies (0 * inf).
SmallVector<Value> throughLane(KernelBuilder &kb, ExprEmitter &em,
                               ScanInfo &info, SemiringMath &sr,
                               ArrayRef<Value> coords, Value block, Value g,
                               ArrayRef<Value> s, ArrayRef<Value> m,
                               ArrayRef<Value> f, Value stepwiseAllowed) {
  Value length = laneLength(kb, info, block);
  return throughSteps(kb, em, info, sr, coords,
                      laneStep(kb, info, block, length, g, kb.i64(0)), length,
                      s, m, f, stepwiseAllowed);
}

SmallVector<Value> throughSteps(KernelBuilder &kb, ExprEmitter &em,
                                ScanInfo &info, SemiringMath &sr,
                                ArrayRef<Value> coords, Value first,
                                Value count, ArrayRef<Value> s,
                                ArrayRef<Value> m, ArrayRef<Value> f,
                                Value stepwiseAllowed) {
  std::string full(info.k * info.k, 'v'), fullF(info.k, 'v');
  if (info.op.getSemiring() != sl::Semiring::linear)
    return sr.step(full, fullF, m, f, s);
  Value stepwise = mustWalk(kb, info, s, m, f);
  if (stepwiseAllowed)
    stepwise = kb.b.create<arith::AndIOp>(kb.loc, stepwise, stepwiseAllowed);
  SmallVector<Type> types(s.size(), info.compute);
  SmallVector<Value> result = kb.ifElse(
      stepwise, types,
      [&] {
        Value steps = kb.size(info.shape[info.axis]);
        Value length =
            kb.max(kb.min(kb.sub(steps, first), count), kb.i64(0));
        return kb.forLoopCarried(
            kb.i64(0), length, s, [&](Value i, ValueRange cur) {
              em.beginScope();
              SmallVector<Value> at(coords.begin(), coords.end());
              at[info.axis] = storageStep(kb, info.op.getReverse(),
                                          kb.add(first, i), steps);
              SmallVector<Value> lm = info.emit(em, info.m, at);
              SmallVector<Value> lf = info.emit(em, info.f, at);
              SmallVector<Value> state(cur.begin(), cur.end());
              return sr.step(info.matrix, info.forcing, lm, lf, state);
            });
      },
      [&] { return sr.step(full, fullF, m, f, s); });
  em.beginScope();
  return result;
}

void guardAlternative(runtime::Step &step, const ScanInfo &info,
                      runtime::SizeExpr channels, int64_t threshold,
                      bool perUnit, Alternative side) {
  bool channelParallel = side == Alternative::ChannelParallel;
  step.guard = std::move(channels);
  (channelParallel ? step.guardMin : step.guardMax) = threshold;
  step.guardPerThread = perUnit;
  int64_t minSteps = info.schedule.getLookbackMinSteps();
  if (threshold <= 0 || threshold == INT64_MAX || minSteps <= 0)
    return;
  step.stepGuard = info.shape[info.axis].size();
  step.minSteps = minSteps;
  step.runsOnFewSteps = channelParallel;
}

void generateLookback(CodegenContext &ctx, ScanInfo &info,
                      runtime::SizeExpr guard, int64_t threshold,
                      bool perThread) {
  int64_t k = info.k, aggWidth = k * k + k;
  bool exclusive = info.op.getExclusive();
  runtime::SizeExpr C = info.channels();
  runtime::SizeExpr blocks = info.blockCount();
  auto temp = [&](const std::string &name, std::vector<runtime::SizeExpr> shape) {
    return info.temporary(ctx, name, std::move(shape));
  };
  // Per (block, channel): each lane's aggregate map (M, f), and the carry
  // into the block.
  int32_t agg = temp("scan_lane_aggregates",
                     {blocks, C, runtime::SizeExpr::literal(info.lanes),
                      runtime::SizeExpr::literal(aggWidth)});
  int32_t carry = temp("scan_block_carries", {blocks, C, runtime::SizeExpr::literal(k)});
  runtime::Step lookbackStep;
  lookbackStep.kind = runtime::Step::Kind::Lookback;
  lookbackStep.name = "scan_lookback";
  lookbackStep.range = blocks;
  lookbackStep.blockItems = C;
  guardAlternative(lookbackStep, info, guard, threshold, perThread,
                   Alternative::Lookback);
  lookbackStep.chunkDim = info.laneStepsDim;
  lookbackStep.scanSteps = info.shape[info.axis].size();
  lookbackStep.stepStride = runtime::SizeExpr::literal(1);
  for (size_t d = info.axis + 1; d < info.shape.size(); ++d)
    lookbackStep.stepStride = lookbackStep.stepStride * info.shape[d].size();
  lookbackStep.deferred = true;
  std::vector<runtime::Step> *outer = ctx.stepSink;
  ctx.stepSink = &lookbackStep.body;
  auto finishStep = [&](KernelStep &ks) {
    ks.step.range = C;
    ks.step.itemSize = info.blockStepsSize();
    ctx.addStep(ks);
  };
  std::string full(k * k, 'v'), fullF(k, 'v');
  /// The aggregate of `lane` of item `base` (in elements of the agg buffer).
  auto loadAggregate = [&](KernelBuilder &kb, Value ptr, Value base,
                           SmallVector<Value> &m, SmallVector<Value> &f) {
    m.clear();
    f.clear();
    for (int64_t e = 0; e < k * k; ++e)
      m.push_back(kb.load(ptr, kb.add(base, kb.i64(e)), info.compute));
    for (int64_t i = 0; i < k; ++i)
      f.push_back(kb.load(ptr, kb.add(base, kb.i64(k * k + i)), info.compute));
  };

  // (A) every lane of the block reduces to its aggregate: k+1 recurrences
  // per lane (from the zero state with forcing: f; from each basis state
  // without: M), the lanes interleaved so their chains overlap.
  {
    KernelStep ks(ctx.deferredKernels, ctx.kernelName("scan_aggregate"), info.op.getLoc());
    KernelBuilder &kb = ks.kb;
    ExprEmitter em(ctx, ks, info.shape);
    info.collect(em);
    unsigned aggSlot = ks.slot(agg);
    SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                    info.op.getAbsorbingZero());
    kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
      BlockFrame fr = blockFrame(kb, info, item);
      em.prepare(fr.coords);
      SmallVector<Value> init;
      for (int64_t g = 0; g < info.lanes; ++g)
        for (int64_t r = 0; r <= k; ++r)
          for (int64_t i = 0; i < k; ++i)
            init.push_back(r == k ? sr.zero() : (i == r ? sr.one() : sr.zero()));
      SmallVector<Value> final = runBlockLanes(
          kb, em, info, fr, init, [&](const LaneStep &ls, ValueRange cur) {
            SmallVector<Value> next;
            for (int64_t r = 0; r <= k; ++r) {
              size_t base = (ls.lane * (k + 1) + r) * k;
              SmallVector<Value> st(cur.begin() + base, cur.begin() + base + k);
              auto out = sr.step(info.matrix, info.forcing, ls.m, ls.f, st,
                                 r == k, /*run=*/true);
              for (int64_t i = 0; i < k; ++i)
                next.push_back(ls.valid ? kb.b.create<arith::SelectOp>(
                                              kb.loc, ls.valid, out[i], st[i])
                                        : out[i]);
            }
            return next;
          });
      Value ptr = kb.buffer(aggSlot);
      for (int64_t g = 0; g < info.lanes; ++g) {
        Value base = kb.mul(kb.add(kb.mul(item, kb.i64(info.lanes)), kb.i64(g)),
                            kb.i64(aggWidth));
        size_t lane = g * (k + 1) * k;
        // M[i][j] is run j's component i; f follows.
        for (int64_t i = 0; i < k; ++i)
          for (int64_t j = 0; j < k; ++j)
            kb.store(ptr, kb.add(base, kb.i64(i * k + j)), final[lane + j * k + i],
                     info.compute);
        for (int64_t i = 0; i < k; ++i)
          kb.store(ptr, kb.add(base, kb.i64(k * k + i)), final[lane + k * k + i],
                   info.compute);
      }
    });
    finishStep(ks);
  }

  // (B) the carry into the block: the init for the first block, else the
  // previous block's carry through its lanes' aggregates.
  {
    KernelStep ks(ctx.deferredKernels, ctx.kernelName("scan_carry"), info.op.getLoc());
    KernelBuilder &kb = ks.kb;
    ExprEmitter em(ctx, ks, info.shape);
    info.collect(em); // the inits, and m and f for a non-finite carry
    unsigned aggSlot = ks.slot(agg), carrySlot = ks.slot(carry);
    SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                    info.op.getAbsorbingZero());
    kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
      BlockFrame fr = blockFrame(kb, info, item);
      em.prepare(fr.coords);
      em.beginScope();
      Value first = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                               fr.block, kb.i64(0));
      SmallVector<Value> init = info.emit(em, info.init, fr.coords);
      // The same channel in the previous block (clamped for the first).
      Value prev = kb.max(kb.sub(item, fr.channels), kb.i64(0));
      Value prevBlock = kb.max(kb.sub(fr.block, kb.i64(1)), kb.i64(0));
      Value notFirst = kb.b.create<arith::XOrIOp>(
          kb.loc, first, kb.b.create<arith::ConstantIntOp>(kb.loc, 1, 1));
      // The first block has no previous carry (its slot is unwritten): it
      // composes from the init, so no uninitialised value is ever computed
      // with (the result is replaced by the init below anyway).
      SmallVector<Value> s;
      for (int64_t i = 0; i < k; ++i)
        s.push_back(kb.b.create<arith::SelectOp>(
            kb.loc, first, init[i],
            kb.load(kb.buffer(carrySlot),
                    kb.add(kb.mul(prev, kb.i64(k)), kb.i64(i)), info.compute)));
      // The lanes one after another: a loop, not info.lanes copies of the
      // lane's code (it runs once per block; LLVM's time grows with size).
      s = kb.forLoopCarried(
          kb.i64(0), kb.i64(info.lanes), s, [&](Value g, ValueRange cur) {
            SmallVector<Value> m, f;
            Value base = kb.mul(kb.add(kb.mul(prev, kb.i64(info.lanes)), g),
                                kb.i64(aggWidth));
            loadAggregate(kb, kb.buffer(aggSlot), base, m, f);
            SmallVector<Value> state(cur.begin(), cur.end());
            return throughLane(kb, em, info, sr, fr.coords, prevBlock, g,
                               state, m, f, notFirst);
          });
      em.beginScope();
      for (int64_t i = 0; i < k; ++i)
        kb.store(kb.buffer(carrySlot), kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)),
                 kb.b.create<arith::SelectOp>(kb.loc, first, init[i], s[i]),
                 info.compute);
    });
    finishStep(ks);
  }

  // (C) the lanes again, from their carries, writing the results.
  {
    KernelStep ks(ctx.deferredKernels, ctx.kernelName("scan_apply"), info.op.getLoc());
    KernelBuilder &kb = ks.kb;
    ExprEmitter em(ctx, ks, info.shape);
    info.collectSteps(em);
    unsigned aggSlot = ks.slot(agg), carrySlot = ks.slot(carry);
    SmallVector<unsigned> outSlots;
    for (int32_t out : info.outputs)
      outSlots.push_back(ks.slot(out));
    SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                    info.op.getAbsorbingZero());
    SmallVector<Value> strides = stridesOf(kb, info.shape);
    // The last block, in groups where the scan allows (ScanApplyGroups.h):
    // no masked copy of the lanes, and no lane starts for it.
    bool lastInGroups = appliesInGroups(ctx, info);
    kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
      BlockFrame fr = blockFrame(kb, info, item);
      em.prepare(fr.coords);
      SmallVector<Value> carried;
      for (int64_t i = 0; i < k; ++i)
        carried.push_back(kb.load(kb.buffer(carrySlot),
                                  kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)),
                                  info.compute));
      auto applyLanes = [&](bool fullOnly) {
        SmallVector<Value> s = carried, start;
        // Each lane's start state, through the lanes before it: a loop over
        // the lanes (not info.lanes copies of the lane's code) that keeps the
        // starts in a small stack array.
        Value starts = kb.stackArray(info.compute, info.lanes * k);
        auto keepStart = [&](Value g, ArrayRef<Value> state) {
          for (int64_t i = 0; i < k; ++i)
            kb.store(starts, kb.add(kb.mul(g, kb.i64(k)), kb.i64(i)), state[i],
                     info.compute);
        };
        s = kb.forLoopCarried(
            kb.i64(0), kb.i64(info.lanes - 1), s, [&](Value g, ValueRange cur) {
              SmallVector<Value> state(cur.begin(), cur.end());
              keepStart(g, state);
              SmallVector<Value> m, f;
              Value base = kb.mul(kb.add(kb.mul(item, kb.i64(info.lanes)), g),
                                  kb.i64(aggWidth));
              loadAggregate(kb, kb.buffer(aggSlot), base, m, f);
              return throughLane(kb, em, info, sr, fr.coords, fr.block, g,
                                 state, m, f);
            });
        em.beginScope();
        keepStart(kb.i64(info.lanes - 1), s);
        for (int64_t i = 0; i < info.lanes * k; ++i)
          start.push_back(kb.load(starts, kb.i64(i), info.compute));
        runBlockLanes(
            kb, em, info, fr, start,
            [&](const LaneStep &ls, ValueRange cur) {
              SmallVector<Value> prev(cur.begin() + ls.lane * k,
                                      cur.begin() + (ls.lane + 1) * k);
              SmallVector<Value> out =
                  sr.step(info.matrix, info.forcing, ls.m, ls.f, prev);
              Value off = offsetOf(kb, ls.at, strides);
              auto write = [&] {
                for (int64_t c = 0; c < k; ++c)
                  if (!info.stateOnly[c]) // (the carries hold it)
                    kb.store(kb.buffer(outSlots[c]), off,
                             exclusive ? prev[c] : out[c],
                             ctx.storageType(info.outputs[c]));
              };
              if (ls.valid)
                kb.ifThen(ls.valid, write);
              else
                write();
              return out;
            },
            fullOnly);
      };
      if (!lastInGroups) {
        applyLanes(false);
        return;
      }
      Value full = blockIsFull(kb, info, fr);
      kb.ifElse(
          full, {},
          [&] {
            applyLanes(true);
            return SmallVector<Value>{};
          },
          [&] {
            applyBlockInGroups(ctx, kb, em, info, sr, fr, carried[0], outSlots,
                               strides);
            return SmallVector<Value>{};
          });
    });
    finishStep(ks);
  }
  // Where blocks are many and channels few: the carries as a tree
  // (ScanCarryTree.h), kernels after the three above.
  addCarryTree(ctx, info, agg, carry, blocks, lookbackStep);
  // The one pass's register tiles (ScanTile.h): no steps of the plan.
  if (wantsScanTile(ctx, info)) {
    const TargetInfo &target = ctx.options.target;
    const std::string &aggregate = lookbackStep.body[0].name;
    // A scan whose parts hold one value a step takes longer parts in the
    // walk and row tiles (the plan step says how long): one of one state
    // whose aggregate kernel reads one array (its forcing: a cumulative
    // sum; h = a*h + b holds two and loses at 64), and one of two states
    // whose map is constant along T, so that only a forcing term varies
    // (LinOSS: 69 -> 80% of the copy on the H200, 128 registers; NOTES
    // "Twenty-sixth session"). A scan of one state with a constant map
    // (an EMA) holds one value a step too, not measured: it keeps 32.
    auto varying = [](const std::string &kinds) {
      return std::count(kinds.begin(), kinds.end(), 'v');
    };
    bool oneArray =
        info.k == 1 ? lookbackStep.body[0].buffers.size() <= 2
                    : info.k == 2 && varying(info.matrix) == 0 &&
                          varying(info.forcing) <= 1;
    int64_t walkSteps = oneArray && target.lookbackWalkStepsOneArray > 0
                            ? target.lookbackWalkStepsOneArray
                            : target.lookbackWalkSteps;
    int64_t rowsSteps = oneArray && target.lookbackRowsStepsOneArray > 0
                            ? target.lookbackRowsStepsOneArray
                            : target.lookbackRowsSteps;
    if (info.k <= kMaxTileStates)
      addScanTile(ctx, info, agg, carry, aggregate + "_tile",
                  target.lookbackTileSteps);
    if (walkSteps > 0) {
      addScanTile(ctx, info, agg, carry, aggregate + "_tile_walk", walkSteps,
                  TileKind::Walk);
      lookbackStep.walkPartSteps = static_cast<int32_t>(walkSteps);
      // Two channels a work-item where a bf16 input is read as words of
      // two (the walk-pairs mode, KernelAbi.h: what the tuner tries).
      addScanPairsWalk(ctx, info, carry, aggregate + "_tile_walk_pairs",
                       walkSteps);
    }
    if (ctx.options.target.lookbackWordsSteps > 0 && info.compute.isF32() &&
        info.k == 1)
      addScanTile(ctx, info, agg, carry, aggregate + "_tile_words",
                  ctx.options.target.lookbackWordsSteps, TileKind::Words);
    if (rowsSteps > 0) {
      addScanRowsTile(ctx, info, agg, carry, aggregate + "_tile_rows",
                      rowsSteps);
      lookbackStep.rowsPartSteps = static_cast<int32_t>(rowsSteps);
    }
  }
  ctx.stepSink = outer;
  ctx.stepSink->push_back(lookbackStep);
}

sl::ScheduleAttr scheduleOf(CodegenContext &ctx, sl::ScanOp scan) {
  sl::ScheduleTarget target = scheduleTargetOf(ctx.options.target);
  sl::ScheduleAttr schedule = scan.getScheduleAttr();
  if (!schedule) {
    ScheduleOptions defaults;
    defaults.target = target;
    return chooseScanSchedule(scan, defaults);
  }
  if (schedule.getTarget() != target)
    throw std::runtime_error(
        "sluice codegen: " + locationPrefix(scan.getLoc()) +
        "sl.scan is scheduled for the " +
        sl::stringifyScheduleTarget(schedule.getTarget()).str() +
        " target, but the plan is built for " +
        sl::stringifyScheduleTarget(target).str() +
        " (run sl-schedule with target=" +
        sl::stringifyScheduleTarget(target).str() + ")");
  return schedule;
}

namespace {
/// The cast that narrows scan result `r` to a 16-bit float when it is the
/// result's only reader and the target's scan kernels never read their
/// results back (TargetInfo::channelStateInRegisters: the CPU's row walk
/// reads the previous state from the row just written, which must keep the
/// compute type), else null. The scan then stores its result in the
/// narrow type.
arith::TruncFOp narrowingEpilogue(CodegenContext &ctx, Value r) {
  if (!ctx.options.target.channelStateInRegisters || !r.hasOneUse() ||
      ctx.resultIndex.count(r))
    return {};
  auto narrowing = dyn_cast<arith::TruncFOp>(*r.getUsers().begin());
  if (!narrowing || narrowing->getBlock() != r.getParentBlock())
    return {};
  auto type = dyn_cast<RankedTensorType>(narrowing.getType());
  if (!type || !(type.getElementType().isF16() || type.getElementType().isBF16()))
    return {};
  return narrowing;
}
} // namespace

void generateScan(CodegenContext &ctx, Operation *op) {
  SmallVector<sl::ScanOp> members = findScanGroup(ctx, cast<sl::ScanOp>(op));
  SmallVector<ScanInfo, 1> group;
  for (sl::ScanOp member : members)
    group.emplace_back(ctx, member);
  if (group.size() == 1 && generateScanWithReduction(ctx, group.front()))
    return;
  // The schedule's strategy (the members share it) as the steps' guard on
  // the channel count C: channel-parallel when C >= threshold (per unit of
  // parallelism, counted when a call runs, with perUnit), look-back below;
  // 0 and INT64_MAX leave one alternative only.
  ScanInfo &lead = group.front();
  int64_t threshold = INT64_MAX;
  bool perUnit = false;
  switch (lead.schedule.getStrategy()) {
  case sl::ScanStrategy::channel_parallel:
    threshold = 0;
    break;
  case sl::ScanStrategy::lookback:
    threshold = INT64_MAX;
    break;
  case sl::ScanStrategy::automatic:
    threshold = lead.schedule.getChannelThreshold();
    perUnit = lead.schedule.getPerUnit();
    break;
  }
  bool channelParallel = threshold < INT64_MAX, withLookback = threshold > 0;
  // What the group's channel-parallel kernel computes after the steps.
  GroupEpilogue epilogue;
  if (channelParallel)
    epilogue = findGroupEpilogue(ctx, members);
  // Every member's outputs first: a member reads an earlier one's. An
  // internal member's states are stored over T only for the look-back. A
  // result read only by a cast to f16/bf16 is stored narrowed, unless the
  // group's kernel computes what comes after its members.
  bool narrowing = epilogue.values.empty() && !llvm::is_contained(epilogue.internal, true);
  for (auto [i, info] : llvm::enumerate(group)) {
    bool internal = i < epilogue.internal.size() && epilogue.internal[i];
    runtime::SizeExpr C = info.channels();
    for (Value r : info.op.getResults()) {
      bool stateOnly = (r.use_empty() && !ctx.resultIndex.count(r)) ||
                       (internal && !withLookback);
      info.stateOnly.push_back(stateOnly);
      if (stateOnly) {
        info.outputs.push_back(info.temporary(ctx, "scan_state", {C}));
        if (!internal)
          ctx.buffers[r] = info.outputs.back();
        continue;
      }
      if (arith::TruncFOp narrow = narrowing ? narrowingEpilogue(ctx, r) : nullptr) {
        // The scan writes the narrowed result itself (rounded on store,
        // as the cast's kernel would): no f32 copy over T is stored and
        // read back.
        int32_t buffer = ctx.newBuffer(narrow.getResult(), "scan");
        ctx.buffers[narrow.getResult()] = buffer;
        ctx.generated.insert(narrow);
        info.outputs.push_back(buffer);
      } else {
        info.outputs.push_back(ctx.newBuffer(r, "scan"));
      }
      ctx.buffers[r] = info.outputs.back();
    }
    ctx.generated.insert(info.op);
  }
  for (Value v : epilogue.values)
    epilogue.buffers.push_back(ctx.newBuffer(v, "elementwise"));
  for (ScanInfo &info : group)
    remarkScan(ctx, info);
  if (channelParallel) {
    remarkScanGroup(ctx, group, epilogue);
    // The kernel's own view: an internal member keeps one state per channel.
    SmallVector<ScanInfo, 1> kernelGroup(group.begin(), group.end());
    for (auto [i, info] : llvm::enumerate(kernelGroup))
      if (i < epilogue.internal.size() && epilogue.internal[i])
        for (int64_t c = 0; c < info.k; ++c)
          if (!info.stateOnly[c]) {
            info.stateOnly[c] = true;
            info.outputs[c] = info.temporary(ctx, "scan_state", {info.channels()});
          }
    generateChannelParallel(ctx, kernelGroup, lead.channels(), threshold,
                            perUnit, epilogue);
  }
  // The look-back keeps a kernel set per member, in member order, and the
  // epilogue values their element-wise kernels, under the same guard.
  if (withLookback)
    for (ScanInfo &info : group)
      generateLookback(ctx, info, info.channels(), threshold, perUnit);
  for (auto [v, buffer] : llvm::zip(epilogue.values, epilogue.buffers)) {
    if (withLookback) {
      generateElementwise(ctx, v, buffer);
      guardAlternative(ctx.stepSink->back(), lead, lead.channels(), threshold,
                       perUnit, Alternative::Lookback);
    }
    ctx.buffers[v] = buffer;
  }
  for (Operation *inside : epilogue.inside)
    ctx.generated.insert(inside);
}

} // namespace sluice::codegen::cpu
