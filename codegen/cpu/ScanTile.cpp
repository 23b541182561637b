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

using namespace mlir;

namespace sluice::codegen::cpu {

bool wantsScanTile(const CodegenContext &ctx, const ScanInfo &info) {
  return ctx.options.target.lookbackTileSteps > 0 && info.laneStepsDim >= 0 &&
         info.lanes == 1 && info.k <= kMaxTileStates;
}

namespace {
/// One step of the tile: its coefficients and whether it is inside T.
struct TileStep {
  SmallVector<Value> m, f, at;
  Value valid;
};

/// A call of `callee` (declared once in the module, without a body): the
/// look-back and the barrier (`result` null) or one of the tile's i64
/// values (KernelMarks.h), which the one-pass tile kernel prints as its own.
Value callTile(KernelBuilder &kb, const char *callee, Type result = {}) {
  auto module = kb.function()->getParentOfType<ModuleOp>();
  SmallVector<Type> results;
  if (result)
    results.push_back(result);
  if (!module.lookupSymbol<func::FuncOp>(callee)) {
    OpBuilder top(module.getBodyRegion());
    top.setInsertionPointToStart(module.getBody());
    auto decl = top.create<func::FuncOp>(kb.loc, callee,
                                         top.getFunctionType({}, results));
    decl.setPrivate();
  }
  auto call = kb.b.create<func::CallOp>(kb.loc, callee, results, ValueRange{});
  return result ? call.getResult(0) : Value();
}
} // namespace

void addScanTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                 int32_t carry, const std::string &aggregateName) {
  int64_t k = info.k, aggWidth = k * k + k;
  int64_t steps = ctx.options.target.lookbackTileSteps;
  bool exclusive = info.op.getExclusive();
  KernelStep ks(ctx.deferredKernels, aggregateName + "_tile", info.op.getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, info.shape);
  info.collectSteps(em);
  unsigned aggSlot = ks.slot(agg), carrySlot = ks.slot(carry);
  unsigned partAggSlot = ks.slot(kTilePartAggregates);
  unsigned partCarrySlot = ks.slot(kTilePartCarries);
  SmallVector<unsigned> outSlots;
  for (int32_t out : info.outputs)
    outSlots.push_back(ks.slot(out));
  SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                  info.op.getAbsorbingZero());
  SmallVector<Value> strides = stridesOf(kb, info.shape);
  bool reverse = info.op.getReverse();
  std::string full(k * k, 'v'), fullF(k, 'v');
  Type i64 = kb.b.getI64Type();
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    BlockFrame fr = blockFrame(kb, info, item);
    em.prepare(fr.coords);
    Value part = callTile(kb, kTilePartCallee, i64);
    Value parts = callTile(kb, kTilePartsCallee, i64);
    Value slot = callTile(kb, kTileSlotCallee, i64);
    Value span = callTile(kb, kTileSpanCallee, i64);
    Value last = kb.sub(fr.steps, kb.i64(1));
    Value blockStart = kb.mul(fr.block, info.blockStepsValue(kb));
    /// The first iteration step of part `q` of the block.
    auto partStart = [&](Value q) {
      return kb.add(blockStart, kb.mul(q, kb.i64(steps)));
    };
    // The part's steps, their coefficients computed once each.
    SmallVector<TileStep> tile;
    Value start = partStart(part);
    for (int64_t s = 0; s < steps; ++s) {
      em.beginScope();
      TileStep ts;
      Value step = kb.add(start, kb.i64(s));
      ts.valid = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                            step, fr.steps);
      ts.at.assign(fr.coords.begin(), fr.coords.end());
      ts.at[info.axis] = storageStep(kb, reverse, kb.min(step, last), fr.steps);
      ts.m = info.emit(em, info.m, ts.at);
      ts.f = info.emit(em, info.f, ts.at);
      tile.push_back(std::move(ts));
    }
    em.beginScope();
    // The part's aggregate (as the aggregate kernel's for a block): k + 1
    // runs, from each basis state without forcing (M) and from zero with
    // it (f), into the work-group's local array.
    Value partAgg = kb.buffer(partAggSlot);
    Value partCarry = kb.buffer(partCarrySlot);
    auto aggIndex = [&](Value at, int64_t j) {
      return kb.add(kb.mul(at, kb.i64(aggWidth)), kb.i64(j));
    };
    /// Where run r's component i sits in a map (M row-major, then f):
    /// M[i][r] for a basis run r < k, f[i] for the forced run r == k.
    auto mapEntry = [k](int64_t r, int64_t i) {
      return r == k ? k * k + i : i * k + r;
    };
    for (int64_t r = 0; r <= k; ++r) {
      SmallVector<Value> st;
      for (int64_t i = 0; i < k; ++i)
        st.push_back(r == k ? sr.zero() : (i == r ? sr.one() : sr.zero()));
      for (TileStep &ts : tile) {
        SmallVector<Value> out =
            sr.step(info.matrix, info.forcing, ts.m, ts.f, st, r == k);
        for (int64_t i = 0; i < k; ++i)
          st[i] = kb.b.create<arith::SelectOp>(kb.loc, ts.valid, out[i], st[i]);
      }
      // M[i][r] is run r's component i; f follows.
      for (int64_t i = 0; i < k; ++i)
        kb.store(partAgg, aggIndex(slot, mapEntry(r, i)), st[i], info.compute);
    }
    callTile(kb, kTileBarrierCallee);
    /// Part `q`'s map (M row-major, then f), from the local array.
    auto partMap = [&](Value q, SmallVector<Value> &m, SmallVector<Value> &f) {
      Value at = kb.add(slot, kb.mul(kb.sub(q, part), span));
      m.clear();
      f.clear();
      for (int64_t j = 0; j < k * k; ++j)
        m.push_back(kb.load(partAgg, aggIndex(at, j), info.compute));
      for (int64_t i = 0; i < k; ++i)
        f.push_back(kb.load(partAgg, aggIndex(at, k * k + i), info.compute));
    };
    Value first = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                             part, kb.i64(0));
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
            SmallVector<Value> qm, qf, next(aggWidth);
            partMap(q, qm, qf);
            for (int64_t r = 0; r <= k; ++r) {
              SmallVector<Value> column;
              for (int64_t i = 0; i < k; ++i)
                column.push_back(cur[mapEntry(r, i)]);
              SmallVector<Value> out =
                  sr.step(full, fullF, qm, qf, column, r == k);
              for (int64_t i = 0; i < k; ++i)
                next[mapEntry(r, i)] = out[i];
            }
            return next;
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
      auto storeCarry = [&](Value q, ValueRange s) {
        Value at = kb.add(slot, kb.mul(q, span));
        for (int64_t i = 0; i < k; ++i)
          kb.store(partCarry, kb.add(kb.mul(at, kb.i64(k)), kb.i64(i)), s[i],
                   info.compute);
      };
      storeCarry(kb.i64(0), state);
      kb.forLoopCarried(kb.i64(1), parts, state, [&](Value q, ValueRange cur) {
        SmallVector<Value> m, f, s(cur.begin(), cur.end());
        Value previous = kb.sub(q, kb.i64(1));
        partMap(previous, m, f);
        SmallVector<Value> next =
            throughSteps(kb, em, info, sr, fr.coords, partStart(previous),
                         kb.i64(steps), s, m, f);
        storeCarry(q, next);
        return next;
      });
    });
    callTile(kb, kTileBarrierCallee);
    // The apply (as the apply kernel), from the part's carry. Its stores
    // take their offsets and bounds from two values computed here (the
    // part's first offset and its steps inside T), not from the per-step
    // indices and flags of the loads: those would stay live across the
    // look-back (on the H200, 2 registers a step each).
    SmallVector<Value> state;
    for (int64_t i = 0; i < k; ++i)
      state.push_back(kb.load(partCarry,
                              kb.add(kb.mul(slot, kb.i64(k)), kb.i64(i)),
                              info.compute));
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
      Value valid = kb.b.create<arith::CmpIOp>(
          kb.loc, arith::CmpIPredicate::slt,
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
  });
  kb.finish();
  SmallVector<int32_t> buffers(ks.step.buffers.begin(), ks.step.buffers.end());
  kb.function()->setAttr(kTileBuffersAttr, kb.b.getDenseI32ArrayAttr(buffers));
  kb.function()->setAttr(kTileStepsAttr, kb.b.getI64IntegerAttr(steps));
  kb.function()->setAttr(kTileStatesAttr, kb.b.getI64IntegerAttr(k));
  kb.function()->setAttr(kTileComputeAttr, TypeAttr::get(info.compute));
}

} // namespace sluice::codegen::cpu
