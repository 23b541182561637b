//===- ScanTile.cpp - A look-back block held in registers -----------------===//
//
// See ScanTile.h. The tile computes what the aggregate and apply kernels
// compute (the same steps in the same order): with one part a block its
// aggregates, and hence every carry and result, have the three passes'
// bits; with several, the block's aggregate is composed from the parts'
// and rounds otherwise (the same bits for every schedule of one chunk and
// work-group size).
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

bool wantsScanTile(const CodegenContext &ctx, const ScanInfo &info) {
  bool linear = sl::ScanOp(info.op).getSemiring() == sl::Semiring::linear;
  return ctx.options.target.lookbackTileSteps > 0 && info.laneStepsDim >= 0 &&
         info.lanes == 1 &&
         info.k <= (linear ? kMaxWalkStates : kMaxTileStates);
}

void markTileFunction(KernelStep &ks, int64_t steps, int64_t k, Type compute) {
  KernelBuilder &kb = ks.kb;
  SmallVector<int32_t> buffers(ks.step.buffers.begin(), ks.step.buffers.end());
  kb.function()->setAttr(kTileBuffersAttr, kb.b.getDenseI32ArrayAttr(buffers));
  kb.function()->setAttr(kTileStepsAttr, kb.b.getI64IntegerAttr(steps));
  kb.function()->setAttr(kTileStatesAttr, kb.b.getI64IntegerAttr(k));
  kb.function()->setAttr(kTileComputeAttr, TypeAttr::get(compute));
}

Value callTile(KernelBuilder &kb, const char *callee, Type result,
               ValueRange operands) {
  auto module = kb.function()->getParentOfType<ModuleOp>();
  SmallVector<Type> results;
  if (result)
    results.push_back(result);
  if (!module.lookupSymbol<func::FuncOp>(callee)) {
    OpBuilder top(module.getBodyRegion());
    top.setInsertionPointToStart(module.getBody());
    auto decl = top.create<func::FuncOp>(
        kb.loc, callee, top.getFunctionType(operands.getTypes(), results));
    decl.setPrivate();
  }
  auto call = kb.b.create<func::CallOp>(kb.loc, callee, results, operands);
  return result ? call.getResult(0) : Value();
}

SmallVector<Value> composeMaps(SemiringMath &sr, int64_t k,
                               ArrayRef<Value> earlier, ArrayRef<Value> later) {
  std::string full(k * k, 'v'), fullF(k, 'v');
  SmallVector<Value> m(later.take_front(k * k)), f(later.drop_front(k * k));
  SmallVector<Value> next(k * k + k);
  // (Run r's component i: M[i][r] for a basis run r < k, f[i] for r == k.)
  auto entry = [k](int64_t r, int64_t i) {
    return r == k ? k * k + i : i * k + r;
  };
  for (int64_t r = 0; r <= k; ++r) {
    SmallVector<Value> column;
    for (int64_t i = 0; i < k; ++i)
      column.push_back(earlier[entry(r, i)]);
    SmallVector<Value> out =
        sr.step(full, fullF, m, f, column, r == k, /*run=*/true);
    for (int64_t i = 0; i < k; ++i)
      next[entry(r, i)] = out[i];
  }
  return next;
}

namespace {
/// One step of the tile: its coefficients and whether it is inside T.
struct TileStep {
  SmallVector<Value> m, f, at;
  Value valid;
};

/// The flag-word variant's look-back, after its block's aggregate `map`
/// (M row-major, then f): publishes the map's words, calls the look-back
/// (which finds the nearest block before whose carry-out word is published,
/// KernelMarks.h), then composes the carry into the block from that
/// carry-out (or the init) through the published aggregates of the blocks
/// between, each as the carry kernel does (throughSteps: states, not maps,
/// so every carry is the three passes' bits), publishes the block's
/// carry-out and returns its carry-in.
SmallVector<Value> wordsLookback(KernelBuilder &kb, ExprEmitter &em,
                                 ScanInfo &info, SemiringMath &sr,
                                 const BlockFrame &fr, ArrayRef<Value> map) {
  int64_t k = info.k, aggWidth = k * k + k;
  Type i64 = kb.b.getI64Type();
  Value width = kb.i64(aggWidth);
  for (int64_t j = 0; j < aggWidth; ++j)
    callTile(kb, kTileWordsPublishAggregateCallee, {},
             {kb.add(kb.mul(fr.item, width), kb.i64(j)), map[j]});
  callTile(kb, kTileLookbackCallee);
  Value found = callTile(kb, kTileWordsFoundCallee, i64);
  // The same channel's item in block q: item - (block - q) * C.
  auto itemOf = [&](Value q) {
    return kb.sub(fr.item, kb.mul(kb.sub(fr.block, q), fr.channels));
  };
  em.beginScope();
  SmallVector<Value> init = info.emit(em, info.init, fr.coords);
  Value hasCarry = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sge,
                                              found, kb.i64(0));
  SmallVector<Type> types(k, info.compute);
  SmallVector<Value> s = kb.ifElse(
      hasCarry, types,
      [&] {
        SmallVector<Value> carried;
        Value base = kb.mul(itemOf(found), kb.i64(k));
        for (int64_t i = 0; i < k; ++i)
          carried.push_back(callTile(kb, kTileWordsCarryCallee, info.compute,
                                     {kb.add(base, kb.i64(i))}));
        return carried;
      },
      [&] { return init; });
  Value blockSteps = info.blockStepsValue(kb);
  /// The state after block `q` (its map `m`, `f`) from `state`.
  auto through = [&](Value q, ArrayRef<Value> m, ArrayRef<Value> f,
                     ArrayRef<Value> state) {
    return throughSteps(kb, em, info, sr, fr.coords, kb.mul(q, blockSteps),
                        blockSteps, state, m, f);
  };
  s = kb.forLoopCarried(
      kb.add(found, kb.i64(1)), fr.block, s, [&](Value q, ValueRange cur) {
        SmallVector<Value> m, f;
        Value base = kb.mul(itemOf(q), width);
        for (int64_t j = 0; j < aggWidth; ++j)
          (j < k * k ? m : f)
              .push_back(callTile(kb, kTileWordsAggregateCallee, info.compute,
                                  {kb.add(base, kb.i64(j))}));
        return through(q, m, f, SmallVector<Value>(cur.begin(), cur.end()));
      });
  SmallVector<Value> out =
      through(fr.block, map.take_front(k * k), map.drop_front(k * k), s);
  for (int64_t i = 0; i < k; ++i)
    callTile(kb, kTileWordsPublishCarryCallee, {},
             {kb.add(kb.mul(fr.item, kb.i64(k)), kb.i64(i)), out[i]});
  return s;
}
} // namespace

void addScanTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                 int32_t carry, const std::string &name, int64_t steps,
                 TileKind kind) {
  bool words = kind == TileKind::Words, walk = kind == TileKind::Walk;
  int64_t k = info.k, aggWidth = k * k + k;
  bool exclusive = info.op.getExclusive();
  KernelStep ks(ctx.deferredKernels, name, info.op.getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, info.shape);
  // (The flag-word and walk variants compose their carries from the init
  // themselves.)
  if (words || walk)
    info.collect(em);
  else
    info.collectSteps(em);
  // Slots: the flag-word variant has no local arrays and leaves the plan's
  // aggregates and carries alone.
  unsigned aggSlot = 0, carrySlot = 0, partAggSlot = 0, partCarrySlot = 0;
  if (!words) {
    if (!walk)
      aggSlot = ks.slot(agg);
    carrySlot = ks.slot(carry);
    partAggSlot = ks.slot(kTilePartAggregates);
    partCarrySlot = ks.slot(kTilePartCarries);
  }
  SmallVector<unsigned> outSlots;
  for (int32_t out : info.outputs)
    outSlots.push_back(ks.slot(out));
  SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                  info.op.getAbsorbingZero());
  SmallVector<Value> strides = stridesOf(kb, info.shape);
  bool reverse = info.op.getReverse();
  Type i64 = kb.b.getI64Type();
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    BlockFrame fr = blockFrame(kb, info, item);
    em.prepare(fr.coords);
    // Coefficients constant along the axis ('c' in the scan's structure:
    // LinOSS's 2S and -S, a fixed decay) once per item, held once rather
    // than once per step; the parts of the others that are constant
    // (LinOSS's S * dt * dt of its forcing) hoisted the same way. The same
    // operations on the same values: the same bits as per step.
    em.beginOuterScope();
    SmallVector<Value> fixedM(info.m.size()), fixedF(info.f.size());
    auto fixOrHoist = [&](const std::string &kinds, SmallVector<Operand> &list,
                          SmallVector<Value> &fixed) {
      for (auto [j, o] : llvm::enumerate(list)) {
        if (!o.value)
          continue;
        if (kinds[j] == 'c')
          fixed[j] = em.emit(o.value, o.map, fr.coords);
        else
          em.hoistInvariant(o.value, o.map, fr.coords, info.axis);
      }
    };
    fixOrHoist(info.matrix, info.m, fixedM);
    fixOrHoist(info.forcing, info.f, fixedF);
    /// Whether entry `j` of a step's coefficients (`inM`) or forcing terms
    /// changes along the axis (is held per step).
    auto perStep = [&](bool inM, size_t j) {
      return (inM ? info.m : info.f)[j].value && !(inM ? fixedM : fixedF)[j];
    };
    // A walk whose map is constant along the axis (LinOSS's companion map):
    // every part inside T has the same map, M^steps, which only part 0
    // computes (the same operations, hence bits, as each part's basis runs
    // were); the others run the forced run alone. Part 0's map stands for
    // each part's, also for a clamped last part (its carry out leads past
    // T, where nothing is stored).
    bool sharedMap =
        walk && llvm::all_of(llvm::seq<size_t>(0, info.m.size()),
                             [&](size_t j) { return !perStep(true, j); });
    // (The flag-word variant: one part a block.)
    Value part = words ? kb.i64(0) : callTile(kb, kTilePartCallee, i64);
    Value last = kb.sub(fr.steps, kb.i64(1));
    Value blockStart = kb.mul(fr.block, info.blockStepsValue(kb));
    /// The first iteration step of part `q` of the block.
    auto partStart = [&](Value q) {
      return kb.add(blockStart, kb.mul(q, kb.i64(steps)));
    };
    Value start = partStart(part);
    /// The part's steps, their coefficients computed once each, and its
    /// aggregate (as the aggregate kernel's for a block): k + 1 runs, from
    /// each basis state without forcing (M) and from zero with it (f),
    /// advanced together step by step (each run's operations as the
    /// aggregate kernel's; a step's validity is used once, not kept live
    /// until a later run: on the H200 that held 32 registers). `clamped`:
    /// steps past T read the last step and leave the runs alone; else the
    /// part is inside T.
    /// Where run r's component i sits in a map (M row-major, then f):
    /// M[i][r] for a basis run r < k, f[i] for the forced run r == k.
    auto mapEntry = [k](int64_t r, int64_t i) {
      return r == k ? k * k + i : i * k + r;
    };
    auto loadPart = [&](bool clamped, SmallVector<TileStep> &part,
                        SmallVector<Value> &map) {
      part.clear();
      for (int64_t s = 0; s < steps; ++s) {
        em.beginScope();
        TileStep ts;
        Value step = kb.add(start, kb.i64(s));
        ts.valid = clamped
                       ? kb.b.create<arith::CmpIOp>(
                             kb.loc, arith::CmpIPredicate::slt, step, fr.steps)
                       : Value();
        ts.at.assign(fr.coords.begin(), fr.coords.end());
        ts.at[info.axis] = storageStep(
            kb, reverse, clamped ? kb.min(step, last) : step, fr.steps);
        ts.m = info.emit(em, info.m, ts.at, fixedM);
        ts.f = info.emit(em, info.f, ts.at, fixedF);
        part.push_back(std::move(ts));
      }
      em.beginScope();
      SmallVector<SmallVector<Value>> runs(k + 1);
      for (int64_t r = 0; r <= k; ++r)
        for (int64_t i = 0; i < k; ++i)
          runs[r].push_back(r == k ? sr.zero()
                                   : (i == r ? sr.one() : sr.zero()));
      for (TileStep &ts : part)
        for (int64_t r = sharedMap ? k : 0; r <= k; ++r) {
          SmallVector<Value> &st = runs[r];
          SmallVector<Value> out =
              sr.step(info.matrix, info.forcing, ts.m, ts.f, st, r == k,
                      /*run=*/true);
          for (int64_t i = 0; i < k; ++i)
            st[i] = clamped ? kb.b.create<arith::SelectOp>(kb.loc, ts.valid,
                                                           out[i], st[i])
                                  .getResult()
                            : out[i];
        }
      map.assign(aggWidth, Value());
      for (int64_t r = 0; r <= k; ++r)
        for (int64_t i = 0; i < k; ++i)
          map[mapEntry(r, i)] = runs[r][i];
    };
    /// The values of a part and its map as one list (the coefficients
    /// held per step, step by step, then the map), and back.
    auto flatten = [&](const SmallVector<TileStep> &part,
                       const SmallVector<Value> &map) {
      SmallVector<Value> all;
      for (const TileStep &ts : part)
        for (bool inM : {true, false})
          for (auto [j, x] : llvm::enumerate(inM ? ts.m : ts.f))
            if (perStep(inM, j))
              all.push_back(x);
      all.append(map.begin(), map.end());
      return all;
    };
    // A part inside T (all but the last of a channel) loads its steps with
    // no clamp and runs no select; the last loads them clamped. Both
    // compute the same values where a step is inside T.
    Value inside =
        kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sle,
                                   kb.add(start, kb.i64(steps)), fr.steps);
    SmallVector<TileStep> tile;
    SmallVector<Value> map;
    SmallVector<Type> types; // (as flatten lists them)
    for (int64_t s = 0; s < steps; ++s)
      for (bool inM : {true, false})
        for (auto [j, o] : llvm::enumerate(inM ? info.m : info.f))
          if (perStep(inM, j))
            types.push_back(KernelBuilder::computeType(
                getElementTypeOrSelf(o.value.getType())));
    types.append(aggWidth, info.compute);
    SmallVector<Value> merged = kb.ifElse(
        inside, types,
        [&] {
          loadPart(false, tile, map);
          return flatten(tile, map);
        },
        [&] {
          SmallVector<TileStep> clampedTile;
          SmallVector<Value> clampedMap;
          loadPart(true, clampedTile, clampedMap);
          return flatten(clampedTile, clampedMap);
        });
    em.beginScope();
    // (The coefficients and the map from the branches' results.)
    {
      size_t at = 0;
      for (TileStep &ts : tile)
        for (bool inM : {true, false})
          for (auto [j, x] : llvm::enumerate(inM ? ts.m : ts.f))
            if (perStep(inM, j))
              x = merged[at++];
      for (Value &x : map)
        x = merged[at++];
    }
    if (sharedMap) {
      // Part 0's basis runs through `steps` steps of the constant map.
      Value isFirst = kb.b.create<arith::CmpIOp>(
          kb.loc, arith::CmpIPredicate::eq, part, kb.i64(0));
      SmallVector<Type> mapTypes(k * k, info.compute);
      SmallVector<Value> power = kb.ifElse(
          isFirst, mapTypes,
          [&] {
            SmallVector<SmallVector<Value>> runs(k);
            for (int64_t r = 0; r < k; ++r)
              for (int64_t i = 0; i < k; ++i)
                runs[r].push_back(i == r ? sr.one() : sr.zero());
            for (int64_t s = 0; s < steps; ++s)
              for (int64_t r = 0; r < k; ++r)
                runs[r] = sr.step(info.matrix, info.forcing, fixedM, fixedF,
                                  runs[r], /*withForcing=*/false,
                                  /*run=*/true);
            SmallVector<Value> entries(k * k);
            for (int64_t r = 0; r < k; ++r)
              for (int64_t i = 0; i < k; ++i)
                entries[mapEntry(r, i)] = runs[r][i];
            return entries;
          },
          [&] { return SmallVector<Value>(k * k, sr.zero()); });
      for (int64_t j = 0; j < k * k; ++j)
        map[j] = power[j];
    }
    /// The apply (as the apply kernel), from the part's carry `state`. Its
    /// stores take their offsets and bounds from two values computed here
    /// (the part's first offset and its steps inside T), not from the
    /// per-step indices and flags of the loads: those would stay live
    /// across the look-back (on the H200, 2 registers a step each).
    auto applyFrom = [&](SmallVector<Value> state) {
      SmallVector<Value> firstAt(fr.coords.begin(), fr.coords.end());
      firstAt[info.axis] = storageStep(kb, reverse, start, fr.steps);
      Value firstOffset = offsetOf(kb, firstAt, strides);
      Value stepStride = strides[info.axis];
      if (reverse)
        stepStride = kb.sub(kb.i64(0), stepStride);
      Value inside = kb.sub(fr.steps, start);
      for (auto [s, ts] : llvm::enumerate(tile)) {
        SmallVector<Value> out =
            sr.step(info.matrix, info.forcing, ts.m, ts.f, state);
        Value off = kb.add(firstOffset,
                           kb.mul(kb.i64(static_cast<int64_t>(s)), stepStride));
        Value valid =
            kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                       kb.i64(static_cast<int64_t>(s)), inside);
        SmallVector<Value> written = exclusive ? state : out;
        kb.ifThen(valid, [&] {
          for (int64_t c = 0; c < k; ++c)
            if (!info.stateOnly[c]) // (the carries hold it)
              kb.store(kb.buffer(outSlots[c]), off, written[c],
                       ctx.storageType(info.outputs[c]));
        });
        state = out;
      }
    };
    if (words) {
      applyFrom(wordsLookback(kb, em, info, sr, fr, map));
      return;
    }
    Value parts = callTile(kb, kTilePartsCallee, i64);
    Value slot = callTile(kb, kTileSlotCallee, i64);
    Value span = callTile(kb, kTileSpanCallee, i64);
    // Into the work-group's local array.
    Value partAgg = kb.buffer(partAggSlot);
    Value partCarry = kb.buffer(partCarrySlot);
    auto aggIndex = [&](Value at, int64_t j) {
      return kb.add(kb.mul(at, kb.i64(aggWidth)), kb.i64(j));
    };
    for (int64_t j = 0; j < aggWidth; ++j)
      kb.store(partAgg, aggIndex(slot, j), map[j], info.compute);
    callTile(kb, kTileBarrierCallee);
    /// Part `q`'s map (M row-major, then f), from the local array.
    auto partMap = [&](Value q, SmallVector<Value> &m, SmallVector<Value> &f) {
      Value at = kb.add(slot, kb.mul(kb.sub(q, part), span));
      Value mapAt = sharedMap ? kb.sub(slot, kb.mul(part, span)) : at;
      m.clear();
      f.clear();
      for (int64_t j = 0; j < k * k; ++j)
        m.push_back(kb.load(partAgg, aggIndex(mapAt, j), info.compute));
      for (int64_t i = 0; i < k; ++i)
        f.push_back(kb.load(partAgg, aggIndex(at, k * k + i), info.compute));
    };
    Value first = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                             part, kb.i64(0));
    auto storeCarry = [&](Value q, ValueRange s) {
      Value at = kb.add(slot, kb.mul(q, span));
      for (int64_t i = 0; i < k; ++i)
        kb.store(partCarry, kb.add(kb.mul(at, kb.i64(k)), kb.i64(i)), s[i],
                 info.compute);
    };
    /// The carry into part `q` of the block, from the carry into part q - 1
    /// (through its map, or its steps where that is not finite, as the
    /// carry kernel does through a block's).
    auto throughPart = [&](Value q, ArrayRef<Value> s) {
      SmallVector<Value> m, f;
      Value previous = kb.sub(q, kb.i64(1));
      partMap(previous, m, f);
      return throughSteps(kb, em, info, sr, fr.coords, partStart(previous),
                          kb.i64(steps), s, m, f);
    };
    /// After a barrier (the parts' carries written), the part's results
    /// from its carry in the local array.
    auto applyFromPartCarry = [&] {
      callTile(kb, kTileBarrierCallee);
      SmallVector<Value> state;
      for (int64_t i = 0; i < k; ++i)
        state.push_back(kb.load(partCarry,
                                kb.add(kb.mul(slot, kb.i64(k)), kb.i64(i)),
                                info.compute));
      applyFrom(state);
    };
    if (walk) {
      // The first part's work-item: the carry into the block (the init in
      // block 0, else what this work-item stored a round before) through
      // every part's map, each part's into the local array, the block's
      // carry out into the next block's slot.
      kb.ifThen(first, [&] {
        Value blockZero = kb.b.create<arith::CmpIOp>(
            kb.loc, arith::CmpIPredicate::eq, fr.block, kb.i64(0));
        SmallVector<Type> types(k, info.compute);
        SmallVector<Value> state = kb.ifElse(
            blockZero, types,
            [&] {
              em.beginScope();
              SmallVector<Value> init = info.emit(em, info.init, fr.coords);
              em.beginScope();
              return init;
            },
            [&] {
              SmallVector<Value> loaded;
              for (int64_t i = 0; i < k; ++i)
                loaded.push_back(kb.load(
                    kb.buffer(carrySlot),
                    kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)), info.compute));
              return loaded;
            });
        storeCarry(kb.i64(0), state);
        /// The carry into part `q`, where q is a part of the block.
        auto storeUnlessLast = [&](Value q, ArrayRef<Value> next) {
          kb.ifThen(kb.b.create<arith::CmpIOp>(
                        kb.loc, arith::CmpIPredicate::slt, q, parts),
                    [&] { storeCarry(q, next); });
        };
        /// Through each part's map or its steps, as throughSteps chooses.
        auto partByPart = [&] {
          return kb.forLoopCarried(
              kb.i64(1), kb.add(parts, kb.i64(1)), state,
              [&](Value q, ValueRange cur) {
                SmallVector<Value> next =
                    throughPart(q, SmallVector<Value>(cur.begin(), cur.end()));
                storeUnlessLast(q, next);
                return next;
              });
        };
        // A linear scan first goes through every part's map, composed,
        // checking once at the end: a state, map or forcing term that is
        // not finite leaves the last state not finite (a linear step
        // carries inf and NaN on; not so where a zero coefficient absorbs
        // them, a reset's: those go part by part), and an entry too large
        // to compose with (k > 1) is noted on the way (once for a map
        // shared by the parts). Where either is so, part by part again:
        // the carries of choosing part by part, for the checks' price
        // once a block (LinOSS on the H200: 5-6 points of the copy).
        SmallVector<Value> out;
        if (info.op.getSemiring() != sl::Semiring::linear ||
            info.op.getAbsorbingZero()) {
          out = partByPart();
        } else {
          std::string full(k * k, 'v'), fullF(k, 'v');
          Value yes = kb.b.create<arith::ConstantIntOp>(kb.loc, 1, 1);
          Value sharedComposable =
              sharedMap ? composableMap(kb, info,
                                        ArrayRef<Value>(map).take_front(k * k))
                        : yes;
          SmallVector<Value> fastInit(state.begin(), state.end());
          fastInit.push_back(yes);
          SmallVector<Value> fast = kb.forLoopCarried(
              kb.i64(1), kb.add(parts, kb.i64(1)), fastInit,
              [&](Value q, ValueRange cur) {
                SmallVector<Value> m, f;
                partMap(kb.sub(q, kb.i64(1)), m, f);
                SmallVector<Value> cs(cur.begin(), cur.begin() + k);
                SmallVector<Value> next = sr.step(full, fullF, m, f, cs);
                storeUnlessLast(q, next);
                Value ok = cur[k];
                if (!sharedMap)
                  ok = kb.b.create<arith::AndIOp>(kb.loc, ok,
                                                  composableMap(kb, info, m));
                next.push_back(ok);
                return next;
              });
          SmallVector<Value> fastOut(fast.begin(), fast.begin() + k);
          Value composed = kb.b.create<arith::AndIOp>(
              kb.loc,
              kb.b.create<arith::AndIOp>(kb.loc, fast[k], sharedComposable),
              allFinite(kb, fastOut));
          SmallVector<Type> stateTypes(k, info.compute);
          out = kb.ifElse(
              composed, stateTypes, [&] { return fastOut; }, partByPart);
        }
        // The next block's carry, where there is a next block.
        Value next = kb.add(blockStart, info.blockStepsValue(kb));
        kb.ifThen(kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                             next, fr.steps),
                  [&] {
                    Value at = kb.add(item, fr.channels);
                    for (int64_t i = 0; i < k; ++i)
                      kb.store(kb.buffer(carrySlot),
                               kb.add(kb.mul(at, kb.i64(k)), kb.i64(i)), out[i],
                               info.compute);
                  });
      });
      applyFromPartCarry();
      return;
    }
    // The first part's work-item composes the block's aggregate from the
    // parts' (part 0's alone when the block is one part: the aggregate
    // kernel's bits) into the aggregate buffer, for the look-back.
    kb.ifThen(first, [&] {
      SmallVector<Value> m, f, acc;
      partMap(part, m, f);
      acc.append(m.begin(), m.end());
      acc.append(f.begin(), f.end());
      SmallVector<Value> composed = kb.forLoopCarried(
          kb.i64(1), parts, acc, [&](Value q, ValueRange cur) {
            SmallVector<Value> qm, qf;
            partMap(q, qm, qf);
            qm.append(qf.begin(), qf.end());
            return composeMaps(sr, k,
                               SmallVector<Value>(cur.begin(), cur.end()), qm);
          });
      Value base = kb.mul(item, kb.i64(aggWidth));
      for (int64_t j = 0; j < aggWidth; ++j)
        kb.store(kb.buffer(aggSlot), kb.add(base, kb.i64(j)), composed[j],
                 info.compute);
    });
    callTile(kb, kTileLookbackCallee);
    // The first part's work-item walks the carry into each part from the
    // block's (through each part's map, or its steps where that is not
    // finite, as the carry kernel does through a block's).
    kb.ifThen(first, [&] {
      SmallVector<Value> state;
      for (int64_t i = 0; i < k; ++i)
        state.push_back(kb.load(kb.buffer(carrySlot),
                                kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)),
                                info.compute));
      storeCarry(kb.i64(0), state);
      kb.forLoopCarried(kb.i64(1), parts, state, [&](Value q, ValueRange cur) {
        SmallVector<Value> next =
            throughPart(q, SmallVector<Value>(cur.begin(), cur.end()));
        storeCarry(q, next);
        return next;
      });
    });
    applyFromPartCarry();
  });
  kb.finish();
  markTileFunction(ks, steps, k, info.compute);
  if (words)
    kb.function()->setAttr(kTileWordsAttr, kb.b.getUnitAttr());
  if (walk)
    kb.function()->setAttr(kTileWalkAttr, kb.b.getUnitAttr());
}

} // namespace sluice::codegen::cpu
