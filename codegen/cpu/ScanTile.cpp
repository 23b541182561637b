//===- ScanTile.cpp - A look-back block held in registers -----------------===//
//
// See ScanTile.h. The tile computes exactly what the aggregate and apply
// kernels compute (the same steps in the same order), so its aggregates,
// and hence every carry and result, have the three passes' bits.
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

/// The call standing for the look-back (its callee declared once).
void callLookback(KernelBuilder &kb) {
  auto module = kb.function()->getParentOfType<ModuleOp>();
  if (!module.lookupSymbol<func::FuncOp>(kTileLookbackCallee)) {
    OpBuilder top(module.getBodyRegion());
    top.setInsertionPointToStart(module.getBody());
    auto decl = top.create<func::FuncOp>(kb.loc, kTileLookbackCallee,
                                         top.getFunctionType({}, {}));
    decl.setPrivate();
  }
  kb.b.create<func::CallOp>(kb.loc, kTileLookbackCallee, TypeRange{},
                            ValueRange{});
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
  SmallVector<unsigned> outSlots;
  for (int32_t out : info.outputs)
    outSlots.push_back(ks.slot(out));
  SemiringMath sr(kb, info.op.getSemiring(), info.compute,
                  info.op.getAbsorbingZero());
  SmallVector<Value> strides = stridesOf(kb, info.shape);
  bool reverse = info.op.getReverse();
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    BlockFrame fr = blockFrame(kb, info, item);
    em.prepare(fr.coords);
    Value last = kb.sub(fr.steps, kb.i64(1));
    Value blockStart = kb.mul(fr.block, kb.i64(steps));
    // The block's steps, their coefficients computed once each.
    SmallVector<TileStep> tile;
    for (int64_t s = 0; s < steps; ++s) {
      em.beginScope();
      TileStep ts;
      Value step = kb.add(blockStart, kb.i64(s));
      ts.valid = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                            step, fr.steps);
      ts.at.assign(fr.coords.begin(), fr.coords.end());
      ts.at[info.axis] = storageStep(kb, reverse, kb.min(step, last), fr.steps);
      ts.m = info.emit(em, info.m, ts.at);
      ts.f = info.emit(em, info.f, ts.at);
      tile.push_back(std::move(ts));
    }
    em.beginScope();
    // The aggregate (as the aggregate kernel): k + 1 runs, from each basis
    // state without forcing (M) and from zero with it (f).
    Value aggPtr = kb.buffer(aggSlot);
    Value base = kb.mul(item, kb.i64(aggWidth));
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
        kb.store(aggPtr, kb.add(base, kb.i64(r == k ? k * k + i : i * k + r)),
                 st[i], info.compute);
    }
    callLookback(kb);
    // The apply (as the apply kernel), from the block's carry.
    SmallVector<Value> state;
    for (int64_t i = 0; i < k; ++i)
      state.push_back(kb.load(kb.buffer(carrySlot),
                              kb.add(kb.mul(item, kb.i64(k)), kb.i64(i)),
                              info.compute));
    for (TileStep &ts : tile) {
      SmallVector<Value> out =
          sr.step(info.matrix, info.forcing, ts.m, ts.f, state);
      Value off = offsetOf(kb, ts.at, strides);
      SmallVector<Value> written = exclusive ? state : out;
      kb.ifThen(ts.valid, [&] {
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
}

} // namespace sluice::codegen::cpu
