//===- ScanTilePairs.cpp - The walk tile of two channels a work-item ------===//
//
// See ScanTile.h (addScanPairsWalk). The walk tile (ScanTile.cpp,
// TileKind::Walk) for two neighbouring channels a work-item, lanes 0 and 1
// (LanePairs.h), phase by phase: both lanes' coefficients of a part (a
// bf16 word read once for both), both lanes' maps into the local arrays,
// one barrier, the first part's walk of both lanes' carries, one barrier,
// both lanes' results (a bf16 pair rounded and stored as one word). The
// same operations as the walk tile's on each channel, so the same bits.
// A scan of one state whose semiring is the linear one.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ScanTile.h"

#include "codegen/KernelMarks.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/LanePairs.h"
#include "codegen/cpu/ScanCarryTree.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"

#include <array>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
constexpr int kLanes = 2;

/// One lane's values of a part: per step, the coefficient and forcing
/// term (the fixed value where constant along the axis, null where the
/// structure has none; where held as a word, the 32-bit word of both
/// lanes' bf16 values), then the part's map (M, f).
struct LanePart {
  SmallVector<Value> m, f; ///< per step
  Value mapM, mapF;
};

/// Builds the pair walk's body for one work item (see the file comment).
class PairWalkBuilder {
public:
  PairWalkBuilder(CodegenContext &ctx, ScanInfo &info, KernelStep &ks,
                  LanePairs &pairs, int64_t steps, int32_t carry)
      : ctx(ctx), info(info), kb(ks.kb), pairs(pairs),
        steps(steps), em{ExprEmitter(ctx, ks, info.shape),
                         ExprEmitter(ctx, ks, info.shape)},
        sr(kb, info.op.getSemiring(), info.compute,
           info.op.getAbsorbingZero()) {
    for (ExprEmitter &e : em)
      info.collect(e);
    carrySlot = ks.slot(carry);
    partAggSlot = ks.slot(kTilePartAggregates);
    partCarrySlot = ks.slot(kTilePartCarries);
    for (int32_t out : info.outputs)
      outSlots.push_back(ks.slot(out));
  }

  /// The work item `item` (lane 0's channel, even) and the next channel
  /// (lane 1; lane 0's again past the last channel).
  void build(Value item) {
    BlockFrame first = blockFrame(kb, info, item);
    Value channel = kb.sub(item, kb.mul(first.block, first.channels));
    Value hasNext =
        kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                   kb.add(channel, kb.i64(1)), first.channels);
    Value next = kb.b.create<arith::SelectOp>(kb.loc, hasNext,
                                              kb.add(item, kb.i64(1)), item);
    fr = {first, blockFrame(kb, info, next)};
    Value extent = kb.size(info.shape[pairs.dim()]);
    paired = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                        kb.rem(extent, kb.i64(2)), kb.i64(0));
    for (int lane = 0; lane < kLanes; ++lane) {
      em[lane].prepare(fr[lane].coords);
      fixCoefficients(lane);
    }
    for (bool inM : {true, false}) {
      const Operand &o = (inM ? info.m : info.f)[0];
      wordHeld[inM] =
          perStep(inM) && em[0].loadsPairWord(o.value, o.map, pairs.dim());
    }
    Type i64 = kb.b.getI64Type();
    part = callTile(kb, kTilePartCallee, i64);
    blockStart = kb.mul(fr[0].block, info.blockStepsValue(kb));
    start = partStart(part);
    loadParts();
    parts = callTile(kb, kTilePartsCallee, i64);
    slot = callTile(kb, kTileSlotCallee, i64);
    span = callTile(kb, kTileSpanCallee, i64);
    for (int lane = 0; lane < kLanes; ++lane) {
      kb.store(kb.buffer(partAggSlot), mapIndex(slot, lane, 0), tile[lane].mapM,
               info.compute);
      kb.store(kb.buffer(partAggSlot), mapIndex(slot, lane, 1), tile[lane].mapF,
               info.compute);
    }
    callTile(kb, kTileBarrierCallee);
    Value isFirst = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                               part, kb.i64(0));
    kb.ifThen(isFirst, [&] { walkCarries(); });
    callTile(kb, kTileBarrierCallee);
    apply();
  }

private:
  /// The first iteration step of part `q` of the block.
  Value partStart(Value q) {
    return kb.add(blockStart, kb.mul(q, kb.i64(steps)));
  }

  /// Where entry `j` (0: M, 1: f) of lane `lane`'s map of the part at
  /// local slot `at` sits in the local array.
  Value mapIndex(Value at, int lane, int64_t j) {
    return kb.add(
        kb.mul(kb.add(kb.mul(at, kb.i64(kLanes)), kb.i64(lane)), kb.i64(2)),
        kb.i64(j));
  }
  /// Where lane `lane`'s carry into the part at local slot `at` sits.
  Value carryIndex(Value at, int lane) {
    return kb.add(kb.mul(at, kb.i64(kLanes)), kb.i64(lane));
  }

  /// Lane `lane`'s coefficients constant along the axis, and the parts of
  /// the others that are, computed once (as the walk tile does).
  void fixCoefficients(int lane) {
    ExprEmitter &e = em[lane];
    e.beginOuterScope();
    auto fixOrHoist = [&](const std::string &kinds, SmallVector<Operand> &list,
                          SmallVector<Value> &fixed) {
      fixed.assign(list.size(), Value());
      for (auto [j, o] : llvm::enumerate(list)) {
        if (!o.value)
          continue;
        if (kinds[j] == 'c')
          fixed[j] = e.emit(o.value, o.map, fr[lane].coords);
        else
          e.hoistInvariant(o.value, o.map, fr[lane].coords, info.axis);
      }
    };
    fixOrHoist(info.matrix, info.m, fixedM[lane]);
    fixOrHoist(info.forcing, info.f, fixedF[lane]);
  }

  /// Whether the coefficient (`inM`) or forcing term changes along the
  /// axis (is held per step).
  bool perStep(bool inM) const {
    const SmallVector<Operand> &list = inM ? info.m : info.f;
    const SmallVector<Value> &fixed = inM ? fixedM[0] : fixedF[0];
    return list[0].value && !fixed[0];
  }
  /// Whether the map is constant along the axis: part 0 computes it alone.
  bool sharedMap() const { return !perStep(true); }

  /// Whether lane `lane` holds a value of its own for the coefficient
  /// (`inM`) or forcing term of each step between the phases (a word of
  /// both lanes is held once, as lane 0's).
  bool holdsOwn(int lane, bool inM) const {
    return perStep(inM) && !(wordHeld[inM] && lane == 1);
  }

  /// Lane `lane`'s coefficient (`inM`) or forcing term at step `s` of the
  /// part, taken out of the word of both lanes where held as one: the
  /// registers between the phases hold two channels' bf16 values each.
  Value stepValue(int lane, bool inM, int64_t s) {
    Value held = (inM ? tile[lane].m : tile[lane].f)[s];
    return wordHeld[inM] ? pairHalf(kb, held, lane) : held;
  }

  /// Both lanes' steps of the part and their maps: where the pair's dim
  /// has an even extent (a branch the whole launch takes alike) with their
  /// loads paired, else each lane's own; inside T with no clamp, or
  /// clamped (the last part of a channel), as the walk tile loads them.
  void loadParts() {
    // Per lane: the steps' values it holds (holdsOwn), the map.
    SmallVector<Type> types;
    for (int lane = 0; lane < kLanes; ++lane) {
      for (int64_t s = 0; s < steps; ++s)
        for (bool inM : {true, false})
          if (holdsOwn(lane, inM))
            types.push_back(
                wordHeld[inM]
                    ? kb.b.getI32Type()
                    : KernelBuilder::computeType(getElementTypeOrSelf(
                          (inM ? info.m : info.f)[0].value.getType())));
      types.append(2, info.compute);
    }
    Value inside =
        kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sle,
                                   kb.add(start, kb.i64(steps)), fr[0].steps);
    /// Inside T or clamped, at lane coordinates `coords`.
    auto load = [&](const std::array<SmallVector<Value>, kLanes> &coords) {
      auto branch = [&](bool clamped) {
        pairs.clear();
        std::array<LanePart, kLanes> loaded;
        loadPart(clamped, coords, loaded);
        pairs.clear();
        SmallVector<Value> all;
        for (int lane = 0; lane < kLanes; ++lane) {
          for (int64_t s = 0; s < steps; ++s)
            for (bool inM : {true, false}) {
              if (!holdsOwn(lane, inM))
                continue;
              auto of = [&](int l) {
                return (inM ? loaded[l].m : loaded[l].f)[s];
              };
              all.push_back(wordHeld[inM] ? packPairHalves(kb, of(0), of(1))
                                          : of(lane));
            }
          all.push_back(loaded[lane].mapM);
          all.push_back(loaded[lane].mapF);
        }
        return all;
      };
      return kb.ifElse(
          inside, types, [&] { return branch(false); },
          [&] { return branch(true); });
    };
    SmallVector<Value> merged = kb.ifElse(
        paired, types,
        [&] {
          // Lane 1 at lane 0's coordinates but the pair's dim's, plus one
          // (the same values: LanePairs matches their loads).
          std::array<SmallVector<Value>, kLanes> coords = {
              fr[0].coords, pairedCoords(kb, fr[0].coords, pairs.dim())};
          em[1].prepare(coords[1]);
          for (int lane = 0; lane < kLanes; ++lane)
            em[lane].pairAs(&pairs, lane);
          SmallVector<Value> all = load(coords);
          for (int lane = 0; lane < kLanes; ++lane)
            em[lane].pairAs(nullptr, lane);
          return all;
        },
        [&] {
          // (Lane 1's bases of the branch before are out of scope here.)
          em[1].prepare(fr[1].coords);
          return load({fr[0].coords, fr[1].coords});
        });
    // (Lane 1's own bases again, for the loads after the branch.)
    em[1].prepare(fr[1].coords);
    size_t at = 0;
    for (int lane = 0; lane < kLanes; ++lane) {
      LanePart &lp = tile[lane];
      // A coefficient constant along the axis is the fixed one.
      lp.m.assign(steps, fixedM[lane][0]);
      lp.f.assign(steps, fixedF[lane][0]);
      for (int64_t s = 0; s < steps; ++s)
        for (bool inM : {true, false}) {
          Value &held = (inM ? lp.m : lp.f)[s];
          if (holdsOwn(lane, inM))
            held = merged[at++];
          else if (perStep(inM)) // (lane 0's word)
            held = (inM ? tile[0].m : tile[0].f)[s];
        }
      lp.mapM = merged[at++];
      lp.mapF = merged[at++];
      if (sharedMap())
        lp.mapM = partPower(lane);
    }
  }

  /// The coefficients of each step, lanes side by side (their loads
  /// paired where the emitters are), then each lane's map: a run from one
  /// without forcing (M) and one from zero with it (f), step by step;
  /// `clamped`: steps past T read the last step and leave the runs alone.
  void loadPart(bool clamped,
                const std::array<SmallVector<Value>, kLanes> &coords,
                std::array<LanePart, kLanes> &out) {
    Value last = kb.sub(fr[0].steps, kb.i64(1));
    SmallVector<Value> valid(steps);
    for (int64_t s = 0; s < steps; ++s) {
      Value step = kb.add(start, kb.i64(s));
      if (clamped)
        valid[s] = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                              step, fr[0].steps);
      Value along =
          storageStep(kb, info.op.getReverse(),
                      clamped ? kb.min(step, last) : step, fr[0].steps);
      for (int lane = 0; lane < kLanes; ++lane) {
        em[lane].beginScope();
        SmallVector<Value> at(coords[lane].begin(), coords[lane].end());
        at[info.axis] = along;
        out[lane].m.push_back(info.emit(em[lane], info.m, at, fixedM[lane])[0]);
        out[lane].f.push_back(info.emit(em[lane], info.f, at, fixedF[lane])[0]);
      }
    }
    for (int lane = 0; lane < kLanes; ++lane) {
      em[lane].beginScope();
      SmallVector<Value> runs = {sr.one(), sr.zero()};
      for (int64_t s = 0; s < steps; ++s)
        for (int r = sharedMap() ? 1 : 0; r <= 1; ++r) {
          Value next = sr.step(info.matrix, info.forcing, {out[lane].m[s]},
                               {out[lane].f[s]}, {runs[r]}, r == 1,
                               /*run=*/true)[0];
          runs[r] = clamped ? kb.b.create<arith::SelectOp>(kb.loc, valid[s],
                                                           next, runs[r])
                                  .getResult()
                            : next;
        }
      out[lane].mapM = runs[0];
      out[lane].mapF = runs[1];
    }
  }

  /// A map constant along the axis: part 0's run from one through `steps`
  /// steps of it (the other parts read part 0's), as the walk tile does.
  Value partPower(int lane) {
    Value isFirst = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::eq,
                                               part, kb.i64(0));
    return kb.ifElse(
        isFirst, {info.compute},
        [&] {
          Value run = sr.one();
          for (int64_t s = 0; s < steps; ++s)
            run = sr.step(info.matrix, info.forcing, {fixedM[lane][0]},
                          {fixedF[lane][0]}, {run}, /*withForcing=*/false,
                          /*run=*/true)[0];
          return SmallVector<Value>{run};
        },
        [&] { return SmallVector<Value>{sr.zero()}; })[0];
  }

  /// The first part's work-item: each lane's carry into the block (the
  /// init in block 0, else what it stored a round before) through each
  /// part's map, or its steps where that is not finite (throughSteps),
  /// each part's carry into the local array, the block's carry out into
  /// the next block's slot. Both lanes in one loop over the parts: their
  /// two chains overlap (one after the other, the other parts' work-items
  /// waited at the barrier twice as long as the plain walk's).
  void walkCarries() {
    Value partCarry = kb.buffer(partCarrySlot);
    Value partAgg = kb.buffer(partAggSlot);
    SmallVector<Value> initial;
    for (int lane = 0; lane < kLanes; ++lane) {
      const BlockFrame &f = fr[lane];
      Value blockZero = kb.b.create<arith::CmpIOp>(
          kb.loc, arith::CmpIPredicate::eq, f.block, kb.i64(0));
      Value state = kb.ifElse(
          blockZero, {info.compute},
          [&] {
            em[lane].beginScope();
            SmallVector<Value> init = info.emit(em[lane], info.init, f.coords);
            em[lane].beginScope();
            return init;
          },
          [&] {
            return SmallVector<Value>{
                kb.load(kb.buffer(carrySlot), f.item, info.compute)};
          })[0];
      kb.store(partCarry, carryIndex(slot, lane), state, info.compute);
      initial.push_back(state);
    }
    SmallVector<Value> out = kb.forLoopCarried(
        kb.i64(1), kb.add(parts, kb.i64(1)), initial,
        [&](Value q, ValueRange cur) {
          Value previous = kb.sub(q, kb.i64(1));
          Value at = kb.add(slot, kb.mul(kb.sub(previous, part), span));
          Value mapAt = sharedMap() ? kb.sub(slot, kb.mul(part, span)) : at;
          std::array<Value, kLanes> m, fv;
          for (int lane = 0; lane < kLanes; ++lane) {
            m[lane] = kb.load(partAgg, mapIndex(mapAt, lane, 0), info.compute);
            fv[lane] = kb.load(partAgg, mapIndex(at, lane, 1), info.compute);
          }
          SmallVector<Value> next;
          for (int lane = 0; lane < kLanes; ++lane)
            next.push_back(throughSteps(kb, em[lane], info, sr, fr[lane].coords,
                                        partStart(previous), kb.i64(steps),
                                        {cur[lane]}, {m[lane]}, {fv[lane]})[0]);
          kb.ifThen(
              kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt, q,
                                         parts),
              [&] {
                for (int lane = 0; lane < kLanes; ++lane)
                  kb.store(partCarry,
                           carryIndex(kb.add(slot, kb.mul(q, span)), lane),
                           next[lane], info.compute);
              });
          return next;
        });
    Value next = kb.add(blockStart, info.blockStepsValue(kb));
    for (int lane = 0; lane < kLanes; ++lane) {
      const BlockFrame &f = fr[lane];
      kb.ifThen(kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                           next, f.steps),
                [&] {
                  kb.store(kb.buffer(carrySlot), kb.add(f.item, f.channels),
                           out[lane], info.compute);
                });
    }
  }

  /// Both lanes' results from their carries into the part, step by step;
  /// where the loads were paired, a bf16 result laid out with the pair's
  /// dim last is rounded for both lanes and stored as one 32-bit word.
  void apply() {
    std::array<Value, kLanes> state;
    std::array<Value, kLanes> firstOffset;
    SmallVector<Value> strides = stridesOf(kb, info.shape);
    bool reverse = info.op.getReverse();
    for (int lane = 0; lane < kLanes; ++lane) {
      state[lane] = kb.load(kb.buffer(partCarrySlot), carryIndex(slot, lane),
                            info.compute);
      SmallVector<Value> at(fr[lane].coords.begin(), fr[lane].coords.end());
      at[info.axis] = storageStep(kb, reverse, start, fr[lane].steps);
      firstOffset[lane] = offsetOf(kb, at, strides);
    }
    Value stepStride = strides[info.axis];
    if (reverse)
      stepStride = kb.sub(kb.i64(0), stepStride);
    Value inside = kb.sub(fr[0].steps, start);
    Type storage = ctx.storageType(info.outputs[0]);
    bool wordStores = !info.stateOnly[0] &&
                      pairs.dim() == static_cast<int>(info.shape.size()) - 1 &&
                      storage.isBF16();
    // The steps. In a fast part (inside T, and where the pair can be stored
    // as words, with an even extent) each step is stored as is, as a word
    // where it can be; otherwise only the steps inside T, as a word where
    // the extent is even.
    auto run = [&](bool fastPart) {
      std::array<Value, kLanes> cur = state;
      for (int64_t s = 0; s < steps; ++s) {
        std::array<Value, kLanes> out, written;
        for (int lane = 0; lane < kLanes; ++lane) {
          out[lane] =
              sr.step(info.matrix, info.forcing, {stepValue(lane, true, s)},
                      {stepValue(lane, false, s)}, {cur[lane]})[0];
          written[lane] = info.op.getExclusive() ? cur[lane] : out[lane];
        }
        Value along = kb.mul(kb.i64(s), stepStride);
        auto store = [&] {
          if (info.stateOnly[0]) // (the carries hold it)
            return;
          Value ptr = kb.buffer(outSlots[0]);
          auto apart = [&] {
            for (int lane = 0; lane < kLanes; ++lane)
              kb.store(ptr, kb.add(firstOffset[lane], along), written[lane],
                       storage);
            return SmallVector<Value>();
          };
          auto word = [&] {
            storeWord(ptr, kb.add(firstOffset[0], along), written);
            return SmallVector<Value>();
          };
          if (!wordStores)
            apart();
          else if (fastPart)
            word();
          else
            kb.ifElse(paired, {}, word, apart);
        };
        if (fastPart)
          store();
        else
          kb.ifThen(kb.b.create<arith::CmpIOp>(
                        kb.loc, arith::CmpIPredicate::slt, kb.i64(s), inside),
                    store);
        cur = out;
      }
      return SmallVector<Value>();
    };
    // A part inside T whose pair is stored as words (the common case) runs
    // its steps with no guard: one branch a part, not two a step (the guards
    // made the printed pair walk 8 points slower than the plain walk on an
    // H100, benchmarks/NOTES.md, "Thirty-sixth session").
    Value full = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sge,
                                            inside, kb.i64(steps));
    Value fast =
        wordStores ? kb.b.create<arith::AndIOp>(kb.loc, full, paired) : full;
    kb.ifElse(
        fast, {}, [&] { return run(true); }, [&] { return run(false); });
  }

  /// Lanes 0 and 1's `values` rounded to bf16 (as KernelBuilder::store
  /// rounds) and stored as the word of element `offset` (even) and the next.
  void storeWord(Value ptr, Value offset, std::array<Value, kLanes> values) {
    Type i32 = kb.b.getI32Type();
    std::array<Value, kLanes> bits;
    for (int lane = 0; lane < kLanes; ++lane)
      bits[lane] = kb.b.create<arith::ExtUIOp>(
          kb.loc, i32, kb.roundToBf16Bits(values[lane]));
    Value high = kb.b.create<arith::ShLIOp>(
        kb.loc, bits[1], kb.b.create<arith::ConstantIntOp>(kb.loc, 16, 32));
    Value word = kb.b.create<arith::OrIOp>(kb.loc, high, bits[0]);
    kb.b.create<LLVM::StoreOp>(kb.loc, word,
                               kb.gep(ptr, pairWordIndex(kb, offset), i32));
  }

  CodegenContext &ctx;
  ScanInfo &info;
  KernelBuilder &kb;
  LanePairs &pairs;
  int64_t steps;
  std::array<ExprEmitter, kLanes> em;
  SemiringMath sr;
  unsigned carrySlot = 0, partAggSlot = 0, partCarrySlot = 0;
  SmallVector<unsigned> outSlots;
  // The work item's values, set by build().
  std::array<BlockFrame, kLanes> fr;
  std::array<SmallVector<Value>, kLanes> fixedM, fixedF;
  std::array<LanePart, kLanes> tile;
  /// Whether the coefficients (true) or forcing terms (false) per step are
  /// held as the word of both lanes' bf16 values (ExprEmitter::
  /// loadsPairWord), taken apart where used: half the registers.
  std::array<bool, 2> wordHeld = {false, false};
  Value part, parts, slot, span, blockStart, start;
  /// Whether the pair's dim has an even extent (the loads paired).
  Value paired;
};
} // namespace

bool addScanPairsWalk(CodegenContext &ctx, ScanInfo &info, int32_t carry,
                      const std::string &name, int64_t steps) {
  if (info.k != 1 || info.op.getSemiring() != sl::Semiring::linear ||
      info.outputs.size() != 1)
    return false;
  // The channels' last dim: the space's last, or the one before where the
  // axis is last.
  int last = static_cast<int>(info.shape.size()) - 1;
  int pairedDim = info.axis == last ? last - 1 : last;
  if (pairedDim < 0)
    return false;
  KernelStep ks(ctx.deferredKernels, name, info.op.getLoc());
  LanePairs pairs(pairedDim);
  PairWalkBuilder builder(ctx, info, ks, pairs, steps, carry);
  ks.kb.forLoop(ks.kb.begin(), ks.kb.end(),
                [&](Value item) { builder.build(item); });
  ks.kb.finish();
  // (Two lanes' values in one body: a value of one branch used in another
  // would print as C that does not compile; caught here instead.)
  if (failed(verify(ks.kb.function())))
    throw std::runtime_error("sluice codegen: the pair walk tile '" + name +
                             "' does not verify");
  if (pairs.wordLoads() == 0) {
    // Nothing read two channels at once: the plain walk does as well.
    ks.kb.function()->erase();
    return false;
  }
  markTileFunction(ks, steps, 1, info.compute);
  Operation *fn = ks.kb.function();
  fn->setAttr(kTileWalkAttr, ks.kb.b.getUnitAttr());
  fn->setAttr(kTilePairsAttr, ks.kb.b.getUnitAttr());
  return true;
}

} // namespace sluice::codegen::cpu
