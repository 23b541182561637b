//===- ScanTileRows.cpp - A look-back block of one channel, staged --------===//
//
// See ScanTile.h, addScanRowsTile. The register tile (ScanTile.cpp) gives a
// work-item a part of 16 consecutive steps of its channel and lets it load
// them itself: where a channel's steps are contiguous in memory (rows of
// [B, T], or one channel) a warp's load then touches 32 lines 64 bytes
// apart, one step at a time, and the first part's work-item composes the
// parts' maps and walks their carries one after another. Here one channel
// is the whole tile: the work-items first load the block's steps at
// consecutive places (work-item l: steps j * L + l, one coefficient row of
// a local array each), every part then reads its 16 steps from there; the
// parts' maps are composed in two levels (each part gets the map of the
// block's steps up to its own): Hillis and Steele's scan within each warp
// of 32 parts, exchanging maps by shuffles where the device has them (the
// lane calls, KernelMarks.h), then the warps' maps from local memory; the
// look-back composes the aggregates of the blocks it passes over by the
// same scan, a window of L blocks at a time, and the results go back to
// memory through the local array, at consecutive places again.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ScanTile.h"

#include "codegen/KernelMarks.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/ScanCarryTree.h"
#include "codegen/cpu/ScanMath.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
/// A coefficient present in every step (a 'v' or 'c' entry of the
/// recurrence): its place in the map (M row-major, then f) and its row of
/// the local array.
struct StagedCoefficient {
  bool forcing;
  int64_t index;
};

/// One step of a part, read back from the local array: its coefficients
/// as ScanInfo::emit gives them (null where the entry is structural).
struct StagedStep {
  SmallVector<Value> m, f;
};
} // namespace

bool addScanRowsTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                     int32_t carry, const std::string &name, int64_t steps) {
  int64_t k = info.k, aggWidth = k * k + k;
  if (k != 1 || !info.compute.isF32())
    return false;
  SmallVector<StagedCoefficient> staged;
  std::pair<bool, SmallVector<Operand> *> lists[] = {{false, &info.m},
                                                     {true, &info.f}};
  for (auto [forcing, list] : lists)
    for (auto [index, o] : llvm::enumerate(*list))
      if (o.value) {
        if (KernelBuilder::computeType(getElementTypeOrSelf(
                o.value.getType())) != info.compute)
          return false; // (the local array holds the compute type)
        staged.push_back({forcing, static_cast<int64_t>(index)});
      }
  int64_t stageRows = std::max<int64_t>(staged.size(), k);
  bool exclusive = info.op.getExclusive(), reverse = info.op.getReverse();
  KernelStep ks(ctx.deferredKernels, name, info.op.getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, info.shape);
  info.collect(em);
  unsigned aggSlot = ks.slot(agg), carrySlot = ks.slot(carry);
  unsigned partAggSlot = ks.slot(kTilePartAggregates);
  unsigned stageSlot = ks.slot(kTileStage);
  unsigned windowSlot = ks.slot(kTileWindowAggregates);
  SmallVector<unsigned> outSlots;
  for (int32_t out : info.outputs)
    outSlots.push_back(ks.slot(out));
  SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                  info.op.getAbsorbingZero());
  SmallVector<Value> strides = stridesOf(kb, info.shape);
  Type i64 = kb.b.getI64Type();
  SmallVector<Type> mapTypes(aggWidth, info.compute);
  SmallVector<Type> stateTypes(k, info.compute);
  /// Where run r's component i sits in a map (M row-major, then f).
  auto mapEntry = [k](int64_t r, int64_t i) {
    return r == k ? k * k + i : i * k + r;
  };
  /// The identity map, as runs from the basis states and from zero give it.
  auto identity = [&] {
    SmallVector<Value> map(aggWidth);
    for (int64_t r = 0; r <= k; ++r)
      for (int64_t i = 0; i < k; ++i)
        map[mapEntry(r, i)] =
            r < k && i == r ? sr.one() : sr.zero();
    return map;
  };
  auto compose = [&](ArrayRef<Value> earlier, ArrayRef<Value> later) {
    return composeMaps(sr, k, earlier, later);
  };
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    BlockFrame fr = blockFrame(kb, info, item);
    em.prepare(fr.coords);
    Value part = callTile(kb, kTilePartCallee, i64);
    Value parts = callTile(kb, kTilePartsCallee, i64);
    Value rounds = callTile(kb, kTileRoundsCallee, i64);
    Value blockSteps = info.blockStepsValue(kb);
    Value blockStart = kb.mul(fr.block, blockSteps);
    Value last = kb.sub(fr.steps, kb.i64(1));
    Value stage = kb.buffer(stageSlot);
    Value partAgg = kb.buffer(partAggSlot);
    Value window = kb.buffer(windowSlot);
    auto less = [&](Value a, Value b) {
      return kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt, a,
                                        b).getResult();
    };
    auto equal = [&](Value a, Value b) {
      return kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq, a,
                                        b).getResult();
    };
    // Row r of the local array: the block's steps, padded.
    // (t >> 5: t / kTileStagePadding for t >= 0.)
    static_assert(kTileStagePadding == 32, "the shift below is log2 of it");
    auto padded = [&](Value t) {
      return kb.add(
          t, kb.b.create<arith::ShRSIOp>(kb.loc, t, kb.i64(5)).getResult());
    };
    Value rowLength = padded(blockSteps);
    auto stageIndex = [&](int64_t row, Value t) {
      Value at = padded(t);
      return row == 0 ? at : kb.add(kb.mul(kb.i64(row), rowLength), at);
    };
    /// The element offset of iteration step `step` (inside T).
    auto offsetOfStep = [&](Value step) {
      SmallVector<Value> at(fr.coords.begin(), fr.coords.end());
      at[info.axis] = storageStep(kb, reverse, step, fr.steps);
      return offsetOf(kb, at, strides);
    };
    // The block's coefficients into the local array, step j * L + l by
    // work-item l (consecutive work-items, consecutive steps); a step past
    // T stages the identity (the last step's coefficients are read for
    // it, in bounds), so no part needs to know where T ends. (Loops marked
    // as walks along the axis: the printer asks for a few steps unrolled,
    // not all 16, whose loads held 128 registers a work-item on the H200.)
    em.beginScope();
    kb.stepLoopCarried(
        kb.i64(0), kb.i64(steps), {}, [&](Value j, ValueRange) {
          em.beginScope();
          Value t = kb.add(kb.mul(j, parts), part);
          Value step = kb.add(blockStart, t);
          Value inside = less(step, fr.steps);
          SmallVector<Value> at(fr.coords.begin(), fr.coords.end());
          at[info.axis] =
              storageStep(kb, reverse, kb.min(step, last), fr.steps);
          SmallVector<Value> m = info.emit(em, info.m, at);
          SmallVector<Value> f = info.emit(em, info.f, at);
          for (auto [row, c] : llvm::enumerate(staged)) {
            Value v = c.forcing ? f[c.index] : m[c.index];
            Value neutral = !c.forcing && c.index / k == c.index % k
                                ? sr.one()
                                : sr.zero();
            v = kb.b.create<arith::SelectOp>(kb.loc, inside, v, neutral);
            kb.store(stage, stageIndex(static_cast<int64_t>(row), t), v,
                     info.compute);
          }
          em.beginScope();
          return SmallVector<Value>();
        });
    em.beginScope();
    callTile(kb, kTileBarrierCallee);
    Value partFirst = kb.mul(part, kb.i64(steps));
    /// Step s of the part, read back from the local array.
    auto readStep = [&](Value s) {
      StagedStep out;
      out.m.assign(info.m.size(), Value());
      out.f.assign(info.f.size(), Value());
      Value t = kb.add(partFirst, s);
      for (auto [row, c] : llvm::enumerate(staged))
        (c.forcing ? out.f : out.m)[c.index] = kb.load(
            stage, stageIndex(static_cast<int64_t>(row), t), info.compute);
      return out;
    };
    // The part's map: k + 1 runs (from each basis state without forcing,
    // from zero with it), advanced together step by step.
    SmallVector<Value> map(aggWidth);
    {
      SmallVector<Value> runs; // (run r's state at r * k)
      for (int64_t r = 0; r <= k; ++r)
        for (int64_t i = 0; i < k; ++i)
          runs.push_back(r < k && i == r ? sr.one() : sr.zero());
      runs = kb.stepLoopCarried(
          kb.i64(0), kb.i64(steps), runs, [&](Value s, ValueRange cur) {
            StagedStep ts = readStep(s);
            SmallVector<Value> next;
            for (int64_t r = 0; r <= k; ++r) {
              SmallVector<Value> run(cur.begin() + r * k,
                                     cur.begin() + (r + 1) * k);
              SmallVector<Value> out =
                  sr.step(info.matrix, info.forcing, ts.m, ts.f, run, r == k,
                          /*run=*/true);
              next.append(out.begin(), out.end());
            }
            return next;
          });
      for (int64_t r = 0; r <= k; ++r)
        for (int64_t i = 0; i < k; ++i)
          map[mapEntry(r, i)] = runs[r * k + i];
    }
    auto storeMap = [&](Value array, Value slot, ArrayRef<Value> values) {
      for (int64_t j = 0; j < aggWidth; ++j)
        kb.store(array, kb.add(kb.mul(slot, kb.i64(aggWidth)), kb.i64(j)),
                 values[j], info.compute);
    };
    auto loadMap = [&](Value array, Value slot) {
      SmallVector<Value> values;
      for (int64_t j = 0; j < aggWidth; ++j)
        values.push_back(kb.load(
            array, kb.add(kb.mul(slot, kb.i64(aggWidth)), kb.i64(j)),
            info.compute));
      return values;
    };
    /// The inclusive scan of the maps of the slots of `array` (`mine` at
    /// slot `part`; a window's slots past its blocks hold the identity), in
    /// two levels: within each warp of kTileLaneWidth parts, rounds of
    /// distance 1, 2, 4, ... exchanging maps through the lane calls
    /// (KernelMarks.h: a warp shuffle where the device has one, no
    /// barrier; elsewhere local memory and two barriers a round); then
    /// each part composes the warps' maps before its own warp, one after
    /// another, from local memory (three barriers). Every work-item meets
    /// every barrier, none inside a branch (PoCL's work-group compiler
    /// replicates the code after a barrier in a branch: minutes to
    /// compile). Returns the work-item's map of slots 0 .. part; the
    /// array holds each slot's.
    Value lane =
        kb.b.create<arith::AndIOp>(kb.loc, part, kb.i64(kTileLaneWidth - 1));
    Value warp = kb.div(part, kb.i64(kTileLaneWidth));
    Value laneRounds = kb.min(rounds, kb.i64(kTileLaneRounds));
    auto scanMaps = [&](Value array, ArrayRef<Value> mine) {
      SmallVector<Value> inWarp = kb.forLoopCarried(
          kb.i64(0), laneRounds, mine, [&](Value r, ValueRange cur) {
            SmallVector<Value> current(cur.begin(), cur.end());
            Value distance = kb.b.create<arith::ShLIOp>(kb.loc, kb.i64(1), r);
            Value from = kb.b.create<arith::MaxSIOp>(
                kb.loc, kb.sub(part, distance), kb.i64(0));
            for (int64_t j = 0; j < aggWidth; ++j)
              callTile(kb, kTileLanePutCallee, {},
                       {kb.add(kb.mul(part, kb.i64(aggWidth)), kb.i64(j)),
                        current[j]});
            callTile(kb, kTileLaneSyncCallee);
            SmallVector<Value> before;
            for (int64_t j = 0; j < aggWidth; ++j)
              before.push_back(callTile(
                  kb, kTileLaneUpCallee, info.compute,
                  {current[j], distance,
                   kb.add(kb.mul(from, kb.i64(aggWidth)), kb.i64(j))}));
            callTile(kb, kTileLaneSyncCallee);
            Value composes = kb.b.create<arith::CmpIOp>(
                kb.loc, arith::CmpIPredicate::sge, lane, distance);
            return kb.ifElse(
                composes, mapTypes, [&] { return compose(before, current); },
                [&] { return current; });
          });
      // Each warp's map (its last lane's) at the warp's slot; a warp
      // short of kTileLaneWidth parts is the last one, read by none.
      kb.ifThen(equal(lane, kb.i64(kTileLaneWidth - 1)),
                [&] { storeMap(array, warp, inWarp); });
      callTile(kb, kTileBarrierCallee);
      SmallVector<Value> whole = kb.ifElse(
          less(kb.i64(0), warp), mapTypes,
          [&] {
            SmallVector<Value> earlier = kb.forLoopCarried(
                kb.i64(1), warp, loadMap(array, kb.i64(0)),
                [&](Value q, ValueRange cur) {
                  SmallVector<Value> current(cur.begin(), cur.end());
                  return compose(current, loadMap(array, q));
                });
            return compose(earlier, inWarp);
          },
          [&] { return inWarp; });
      callTile(kb, kTileBarrierCallee);
      storeMap(array, part, whole);
      callTile(kb, kTileBarrierCallee);
      return whole;
    };
    scanMaps(partAgg, map);
    // The block's aggregate for the look-back: the last part's map.
    kb.ifThen(equal(part, kb.sub(parts, kb.i64(1))), [&] {
      storeMap(kb.buffer(aggSlot), item,
               loadMap(partAgg, kb.sub(parts, kb.i64(1))));
    });
    callTile(kb, kTileLookbackCallee);
    Value from = callTile(kb, kTileRowsFromCallee, i64);
    // The same channel's item in block q: item - (block - q) * C.
    auto itemOf = [&](Value q) {
      return kb.sub(item, kb.mul(kb.sub(fr.block, q), fr.channels));
    };
    /// The state after the `count` steps from iteration step `first` of
    /// the channel, from `state`, through their map (M row-major, then f),
    /// or their steps where the map or the state is not finite.
    auto through = [&](Value first, Value count, ArrayRef<Value> state,
                       ArrayRef<Value> map) {
      SmallVector<Value> out =
          throughSteps(kb, em, info, sr, fr.coords, first, count, state,
                       map.take_front(k * k), map.drop_front(k * k));
      em.beginScope();
      return out;
    };
    // The carry into the block: the carry-out of block `from` (the init
    // before block 0), through the aggregates of the blocks after it,
    // a window of L blocks composed by scanMaps at a time (their steps
    // where the composed map or the state is not finite, throughSteps).
    em.beginScope();
    SmallVector<Value> init = info.emit(em, info.init, fr.coords);
    SmallVector<Value> found = kb.ifElse(
        less(from, kb.i64(0)), stateTypes, [&] { return init; },
        [&] {
          SmallVector<Value> loaded;
          for (int64_t i = 0; i < k; ++i)
            loaded.push_back(kb.load(
                kb.buffer(carrySlot),
                kb.add(kb.mul(itemOf(from), kb.i64(k)), kb.i64(i)),
                info.compute));
          return loaded;
        });
    em.beginScope();
    Value passed = kb.sub(kb.sub(fr.block, from), kb.i64(1));
    Value windows = kb.div(kb.add(passed, kb.sub(parts, kb.i64(1))), parts);
    SmallVector<Value> carryIn = kb.forLoopCarried(
        kb.i64(0), windows, found, [&](Value w, ValueRange cur) {
          Value q0 = kb.add(kb.add(from, kb.i64(1)), kb.mul(w, parts));
          Value count = kb.min(parts, kb.sub(fr.block, q0));
          SmallVector<Value> mine = kb.ifElse(
              less(part, count), mapTypes,
              [&] {
                return loadMap(kb.buffer(aggSlot),
                               itemOf(kb.add(q0, part)));
              },
              [&] { return identity(); });
          scanMaps(window, mine);
          SmallVector<Value> composite =
              loadMap(window, kb.sub(count, kb.i64(1)));
          callTile(kb, kTileBarrierCallee); // (before the next window's)
          SmallVector<Value> state(cur.begin(), cur.end());
          return through(kb.mul(q0, blockSteps), kb.mul(count, blockSteps),
                         state, composite);
        });
    // The block's carry-out, published for the blocks after it.
    {
      SmallVector<Value> blockMap =
          loadMap(partAgg, kb.sub(parts, kb.i64(1)));
      SmallVector<Value> carryOut =
          through(blockStart, blockSteps, carryIn, blockMap);
      kb.ifThen(equal(part, kb.i64(0)), [&] {
        for (int64_t i = 0; i < k; ++i)
          kb.store(kb.buffer(carrySlot),
                   kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)), carryOut[i],
                   info.compute);
      });
      callTile(kb, kTileRowsPublishCarryCallee);
    }
    // The carry into the part: through the map of the parts before it.
    SmallVector<Value> state = kb.ifElse(
        equal(part, kb.i64(0)), stateTypes, [&] { return carryIn; },
        [&] {
          return through(blockStart, partFirst, carryIn,
                         loadMap(partAgg, kb.sub(part, kb.i64(1))));
        });
    // The part's results, each into the local array where its step's
    // coefficients were (after reading them: the parts' places are
    // disjoint, so no barrier), then, after a barrier, to memory at
    // consecutive steps.
    kb.stepLoopCarried(
        kb.i64(0), kb.i64(steps), state, [&](Value s, ValueRange cur) {
          StagedStep ts = readStep(s);
          SmallVector<Value> before(cur.begin(), cur.end());
          SmallVector<Value> out =
              sr.step(info.matrix, info.forcing, ts.m, ts.f, before);
          SmallVector<Value> written = exclusive ? before : out;
          Value t = kb.add(partFirst, s);
          for (int64_t c = 0; c < k; ++c)
            kb.store(stage, stageIndex(c, t), written[c], info.compute);
          return out;
        });
    callTile(kb, kTileBarrierCallee);
    kb.stepLoopCarried(
        kb.i64(0), kb.i64(steps), {}, [&](Value j, ValueRange) {
          Value t = kb.add(kb.mul(j, parts), part);
          Value step = kb.add(blockStart, t);
          kb.ifThen(less(step, fr.steps), [&] {
            Value off = offsetOfStep(step);
            for (int64_t c = 0; c < k; ++c)
              if (!info.stateOnly[c]) // (the carries hold it)
                kb.store(kb.buffer(outSlots[c]), off,
                         kb.load(stage, stageIndex(c, t), info.compute),
                         ctx.storageType(info.outputs[c]));
          });
          return SmallVector<Value>();
        });
  });
  kb.finish();
  markTileFunction(ks, steps, k, info.compute);
  kb.function()->setAttr(kTileRowsAttr, kb.b.getUnitAttr());
  kb.function()->setAttr(kTileStageRowsAttr,
                         kb.b.getI64IntegerAttr(stageRows));
  return true;
}

} // namespace sluice::codegen::cpu
