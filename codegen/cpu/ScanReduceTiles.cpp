//===- ScanReduceTiles.cpp - A scan summed over its last dim, in tiles ----===//
//
// Mamba's selective scan keeps a state per (channel d, state n) and reads it
// only through y = sum(C * h, N); S4D and Mamba-2 SSD the same over their
// last dim. Fused with its sum (ScanReduceKernel.cpp), such a scan walks T
// once without storing the state over T. This file generates that kernel
// when the reduced dim is the last one: a work item is a tile of
// TargetInfo::scanReduceTile neighbouring channels of the last dim before it
// (Mamba's d), and each step runs, for every state n, one loop over the
// tile's channels, which vectorises across channels: x[b, t, d] and
// dt[b, t, d] are contiguous there, the sum is a vector of partial sums, one
// per channel, kept in a small array, and y's row is stored whole. (One
// channel per work item instead vectorised over N: a horizontal sum, two
// scalar loads and a scalar store per step and channel, and a cache line of
// x, dt and y per step read for one value of it: 4x slower on the selective
// scan at (4, 2048, 256, 16).) A full tile runs a loop of constant trip
// count (LLVM vectorises it without a remainder); the last tile of a row, if
// shorter, the same loop with a run-time trip count.
//
// Where the dim before the reduced one has one element (mLSTM's normaliser
// n [B, T, H, 1, K]), or there is none, a tile would keep one lane of 32
// busy: a work item is then one channel, and each step walks its states in
// vectors of TargetInfo::reductionLanes along the reduced dim, their terms
// into as many partial sums, added at the end of the step in one vector
// reduction (mLSTM's n kernel 0.40-0.53 -> 0.23-0.27 ms a call; in memory,
// the partials' pairwise fold cost more than the states).
//
// The states are kept per item in the plan's `scan_state` buffer, laid out
// [other item dims][N][tile dim] so that a tile's states of one n are
// contiguous; the parts kept over T (`scan_invariant`, S4D's exp(dt * A))
// likewise. Where there are such parts, the walk takes steps in pairs: each
// state element and its kept parts are loaded once for both steps (the
// tile's loop is bound by its loads: four for a vector of states and a
// step in S4D).
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace sluice::codegen::cpu {

/// Banks of partial sums a step's terms alternate between (the states in
/// pairs), where steps are not taken in pairs: two independent chains of
/// adds instead of one through every state (mLSTM's C kernel); with steps
/// in pairs the two steps' chains are independent already, and the banks
/// measured slower (S4D 2.6 -> 2.9 ms, the selective scan 5.4 -> 6.0).
constexpr int64_t kSumBanks = 2;

namespace {
/// `pair(i)` for i = 0, 2, 4, ... below `count` - 1, then `single(i)` for
/// the last i when `count` is odd.
void inPairs(KernelBuilder &kb, Value count,
             const std::function<void(Value)> &pair,
             const std::function<void(Value)> &single) {
  Value paired = kb.mul(kb.div(count, kb.i64(2)), kb.i64(2));
  kb.forLoopStep(kb.i64(0), paired, kb.i64(2), pair);
  kb.forLoop(paired, count, single);
}
} // namespace

void generateScanReduceTiles(CodegenContext &ctx, ScanInfo &info,
                             ScanReduce match) {
  sl::ScanOp scan = info.op;
  KernelStep ks(ctx.kernels, ctx.kernelName("scan_reduce"), scan.getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, info.shape);
  collectScanReduce(em, info, match);
  int n = static_cast<int>(info.shape.size());
  DimMap identity = identityMap(n);

  int axis = info.axis, inner = n - 1;
  // The tile dim: the last dim that numbers the items (Mamba's d); none when
  // the state has only T and the reduced dim (a tile of one channel).
  SmallVector<int> restDims;
  int tileDim = -1;
  for (int d = 0; d < n; ++d)
    if (d != axis && d != inner) {
      if (tileDim >= 0)
        restDims.push_back(tileDim);
      tileDim = d;
    }
  // A tile dim of one element (mLSTM's normaliser n [B, T, H, 1, K]) would
  // leave all lanes but one idle: a work item is then one channel, and its
  // states are walked in vectors along the reduced dim instead, their terms
  // summed in `lanes` partial sums added in one vector reduction after the
  // states (KernelBuilder::sumLanes). So is a state of T and the reduced
  // dim alone.
  if (tileDim >= 0 && info.shape[tileDim].dim < 0 &&
      info.shape[tileDim].literal == 1) {
    restDims.push_back(tileDim);
    llvm::sort(restDims);
    tileDim = -1;
  }
  bool acrossStates = tileDim < 0;
  int64_t lanes = acrossStates ? ctx.options.target.reductionLanes : 1;
  // The dim the innermost loop runs along.
  int across = acrossStates ? inner : tileDim;
  int64_t tile = tileDim >= 0 ? ctx.options.target.scanReduceTile : 1;

  int32_t out = ctx.newBuffer(match.output(), "reduce");
  unsigned outSlot = ks.slot(out);
  Type outStorage = ctx.storageType(out);
  Type outCompute = KernelBuilder::computeType(outStorage);
  unsigned stateSlot =
      ks.slot(info.temporary(ctx, "scan_state", {info.channels()}));

  // The parts of the coefficients and of the term that do not change along
  // T (S4D's exp(dt * A); Mamba's A[D, N] itself, which the loops over d
  // would otherwise gather), kept per state element like the states and
  // computed before the walk.
  SmallVector<std::pair<Value, DimMap>> invariantParts;
  SmallVector<unsigned> invariantSlots;
  keepInvariantParts(ctx, ks, em, info, match, tileDim, invariantParts,
                     invariantSlots);

  // Steps in pairs where the states have parts kept beside them (S4D's
  // decay exp(dt * A), the selective scan's A[D, N]): each state element
  // and its kept parts are then loaded once for two steps, the state stored
  // once (S4D 3.1 -> 2.2 ms; benchmarks/NOTES.md, entry 38). Not where a
  // part is hoisted out of the tile's loop (once per state n and step:
  // Mamba-2's C[b, t, n]), which holds one step's value; nor without kept
  // parts, where the pair only saved the state's round trip through L1
  // and measured no faster (Mamba-2 1.6 -> 2.0 ms).
  bool pairs = !invariantParts.empty();
  if (pairs) {
    SmallVector<std::pair<Value, DimMap>> hoisted;
    for (auto *list : {&info.m, &info.f})
      for (Operand &o : *list)
        if (o.value)
          em.rowInvariantParts(o.value, o.map, across, hoisted);
    em.rowInvariantParts(match.term, identity, across, hoisted);
    pairs = hoisted.empty();
  }

  Value steps = kb.size(info.shape[axis]);
  Value width = kb.size(info.shape[inner]);
  Value tileSize = tileDim >= 0 ? kb.size(info.shape[tileDim]) : kb.i64(1);
  // Output strides: the state's space without its last dim, row-major.
  SmallVector<Value> outStrides = stridesWithout(kb, info.shape, inner);
  SemiringMath sr(kb, scan.getSemiring(), info.compute,
                  scan.getAbsorbingZero());
  bool reverse = scan.getReverse();
  Value divisor = match.reduce.getKind() == sl::ReduceKind::mean
                      ? kb.b.create<arith::SIToFPOp>(kb.loc, outCompute, width)
                      : Value();
  // One partial sum per channel of the tile and per step of a pair or per
  // bank (kSumBanks) of unpaired steps; acrossStates, one per lane of the
  // states and per step.
  Value sums =
      kb.stackArray(outCompute, acrossStates ? (pairs ? 2 : 1) * lanes
                                             : (pairs ? 2 : kSumBanks) * tile);

  // The item range counts channels: rows of the tile dim, each cut into
  // tiles (a range that starts or ends inside a row gives a shorter tile).
  Value first = kb.div(kb.begin(), tileSize);
  Value last = kb.div(kb.add(kb.end(), kb.sub(tileSize, kb.i64(1))), tileSize);
  kb.forLoop(first, last, [&](Value row) {
    SmallVector<Value> coords = kb.decompose(info.shape, restDims, row);
    coords.resize(n);
    em.prepare(coords);
    Value rowStart = kb.mul(row, tileSize);
    Value lo = kb.max(kb.sub(kb.begin(), rowStart), kb.i64(0));
    Value hi = kb.min(kb.sub(kb.end(), rowStart), tileSize);
    Value statePtr = kb.buffer(stateSlot), outPtr = kb.buffer(outSlot);
    Value stateBase = kb.mul(row, kb.mul(width, tileSize));
    /// The slot of state element (j, channel c of the tile dim).
    auto slotOf = [&](Value j, Value c) {
      return kb.add(stateBase, kb.add(kb.mul(j, tileSize), c));
    };
    /// Hands the kept parts of element (j, c) to the emitter.
    auto provideInvariants = [&](Value j, Value c) {
      for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
        em.provide(part.first, part.second,
                   kb.load(kb.buffer(slot), slotOf(j, c), info.compute));
    };
    /// The loop over `count` channels from `c0`: body(c) per channel.
    auto channels = [&](Value c0, Value count,
                        const std::function<void(Value)> &body) {
      kb.laneLoop(kb.i64(0), count, tile,
                  [&](Value i) { body(kb.add(c0, i)); });
    };
    /// Walks all of T for the `count` channels from `c0`.
    auto walk = [&](Value c0, Value count) {
      SmallVector<Value> at(coords);
      auto setChannel = [&](Value c) {
        if (tileDim >= 0)
          at[tileDim] = c;
      };
      // Every T-invariant part at every state element of the tile, once.
      if (!invariantParts.empty()) {
        kb.forLoop(kb.i64(0), width, [&](Value j) {
          channels(c0, count, [&](Value c) {
            at[axis] = kb.i64(0); // not read: the parts do not depend on T
            at[inner] = j;
            setChannel(c);
            em.beginOuterScope();
            for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
              kb.store(kb.buffer(slot), slotOf(j, c),
                       em.emit(part.first, part.second, at), info.compute);
          });
        });
      }
      /// Steps `ts` of the one channel `c0`, its states in vectors along
      /// the reduced dim (acrossStates).
      auto stepsAcrossStates = [&](ArrayRef<Value> ts) {
        /// Partial sum `lane` of step k.
        auto partial = [&](size_t k, Value lane) {
          return kb.add(kb.i64(static_cast<int64_t>(k) * lanes), lane);
        };
        for (size_t k = 0; k < ts.size(); ++k)
          kb.laneLoop(kb.i64(0), kb.i64(lanes), lanes, [&](Value i) {
            kb.store(sums, partial(k, i), kb.fconst(outCompute, 0.0),
                     outCompute);
          });
        at[axis] = ts[0];
        at[inner] = Value();
        em.beginOuterScope();
        // What does not change along the states (mLSTM's gates of a
        // step), once per step.
        if (ts.size() == 1) {
          for (auto *list : {&info.m, &info.f})
            for (Operand &o : *list)
              if (o.value)
                em.hoistInvariant(o.value, o.map, at, inner);
          em.hoistInvariant(match.term, identity, at, inner);
        }
        kb.forTiles(kb.i64(0), width, lanes, [&](Value j0, Value count) {
          kb.laneLoop(kb.i64(0), count, lanes, [&](Value i) {
            Value j = kb.add(j0, i);
            for (size_t k = 0; k < ts.size(); ++k) {
              em.beginScope();
              at[axis] = ts[k];
              at[inner] = j;
              provideInvariants(j, c0);
              advanceIntoSum(kb, em, info, sr, match, statePtr, slotOf(j, c0),
                             at, sums, partial(k, i), outCompute);
            }
          });
        });
        for (size_t k = 0; k < ts.size(); ++k) {
          Value sum =
              kb.sumLanes(sums, partial(k, kb.i64(0)), lanes, outCompute);
          if (divisor)
            sum = kb.b.create<arith::DivFOp>(kb.loc, sum, divisor);
          at[axis] = ts[k];
          kb.store(outPtr, offsetOf(kb, at, outStrides),
                   storedSum(em, match, sum, at), outStorage);
        }
      };
      /// Steps `ts` (one, or two consecutive ones: each state element is
      /// then loaded once and advanced through both, its kept parts read
      /// once for both).
      auto stepsAt = [&](ArrayRef<Value> ts) {
        if (acrossStates)
          return stepsAcrossStates(ts);
        int64_t stepCount = static_cast<int64_t>(ts.size());
        /// The partial sums of step k's channel c in bank `bank`.
        auto sumSlot = [&](int64_t bank, size_t k, Value c) {
          return kb.add(kb.i64((bank * stepCount + k) * tile), kb.sub(c, c0));
        };
        int64_t banks = pairs ? 1 : kSumBanks;
        for (int64_t bank = 0; bank < banks; ++bank)
          for (size_t k = 0; k < ts.size(); ++k)
            channels(c0, count, [&](Value c) {
              kb.store(sums, sumSlot(bank, k, c), kb.fconst(outCompute, 0.0),
                       outCompute);
            });
        /// State n = j of every channel, its terms into bank `bank`.
        auto state = [&](Value j, int64_t bank) {
          at[axis] = ts[0];
          at[inner] = j;
          setChannel(Value());
          em.beginOuterScope();
          // What does not change along the tile (Mamba-2's exp(dt * A) of
          // a head, C[b, t, n]), once per state n.
          if (tileDim >= 0 && ts.size() == 1) {
            for (auto *list : {&info.m, &info.f})
              for (Operand &o : *list)
                if (o.value)
                  em.hoistInvariant(o.value, o.map, at, tileDim);
            em.hoistInvariant(match.term, identity, at, tileDim);
          }
          channels(c0, count, [&](Value c) {
            for (size_t k = 0; k < ts.size(); ++k) {
              em.beginScope();
              at[axis] = ts[k];
              setChannel(c);
              provideInvariants(j, c);
              advanceIntoSum(kb, em, info, sr, match, statePtr, slotOf(j, c),
                             at, sums, sumSlot(bank, k, c), outCompute);
            }
          });
        };
        // The states in pairs, the pair's terms into two banks: two chains
        // of adds instead of one through every state.
        if (banks == 1) {
          kb.forLoop(kb.i64(0), width, [&](Value j) { state(j, 0); });
        } else {
          inPairs(
              kb, width,
              [&](Value j) {
                state(j, 0);
                state(kb.add(j, kb.i64(1)), 1);
              },
              [&](Value j) { state(j, 0); });
        }
        // The output row: y[..., t, c] for the tile's channels.
        for (size_t k = 0; k < ts.size(); ++k)
          channels(c0, count, [&](Value c) {
            at[axis] = ts[k];
            setChannel(c);
            Value off = offsetOf(kb, at, outStrides);
            Value sum = kb.load(sums, sumSlot(0, k, c), outCompute);
            if (banks > 1)
              sum = kb.b.create<arith::AddFOp>(
                  kb.loc, sum, kb.load(sums, sumSlot(1, k, c), outCompute));
            if (divisor)
              sum = kb.b.create<arith::DivFOp>(kb.loc, sum, divisor);
            kb.store(outPtr, off, storedSum(em, match, sum, at), outStorage);
          });
      };
      auto pos = [&](Value s) { return storageStep(kb, reverse, s, steps); };
      Value any = kb.b.create<arith::CmpIOp>(
          kb.loc, arith::CmpIPredicate::sgt, steps, kb.i64(0));
      // Every state element starts at the scan's initial value, so that
      // the first step runs the code of the others (one copy of the step).
      kb.ifThen(any, [&] {
        kb.forLoop(kb.i64(0), width, [&](Value j) {
          channels(c0, count, [&](Value c) {
            at[axis] = pos(kb.i64(0));
            at[inner] = j;
            setChannel(c);
            em.beginOuterScope();
            provideInvariants(j, c);
            kb.store(statePtr, slotOf(j, c), info.emit(em, info.init, at)[0],
                     info.compute);
          });
        });
      });
      // (No prefetch: a step of a tile x N states is long enough for the core
      // and the hardware prefetcher to run ahead; measured no faster.)
      if (!pairs) {
        kb.forLoop(kb.i64(0), steps, [&](Value s) { stepsAt({pos(s)}); });
      } else {
        inPairs(
            kb, steps,
            [&](Value s) {
              stepsAt({pos(s), pos(kb.add(s, kb.i64(1)))});
            },
            [&](Value s) { stepsAt({pos(s)}); });
      }
    };
    if (tile == 1) {
      kb.forLoop(lo, hi, [&](Value c) { walk(c, kb.i64(1)); });
      return;
    }
    kb.forTiles(lo, hi, tile, walk);
  });
  runtime::SizeExpr items = runtime::SizeExpr::literal(1);
  for (int d = 0; d < n; ++d)
    if (d != axis && d != inner)
      items = items * info.shape[d].size();
  finishScanReduce(ctx, ks, info, match, out, items,
                   info.shape[axis].size() * info.shape[inner].size(), tile,
                   acrossStates);
}

} // namespace sluice::codegen::cpu
