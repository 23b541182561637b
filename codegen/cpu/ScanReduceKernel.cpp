//===- ScanReduceKernel.cpp - A scan fused with a reduction of its state --===//
//
// Models often read a large state only through a contraction over one of its
// dims: Gated Linear Attention's o = sum(q * S, K) over S [B, T, H, K, V],
// Mamba's y = sum(C * h, N). Computed apart, the scan writes the whole state
// over T to memory and the reduction reads it back: K*V values per step
// where only V are wanted. This kernel runs the scan and the reduction
// together: a work item owns every state element of one reduction group
// (all of K and the last dim for one (b, h)), walks T keeping the states in a
// small buffer of its own (one value per channel, cache-resident), and adds
// each new state's term into the output row. The state over T is never
// written. Coefficient and epilogue parts that do not change along the last
// dim are computed once per row and step (ExprEmitter::hoistInvariant; with
// a reduced dim other than the last, for all rows of a step in a loop of
// their own, kept in `scan_row` buffers: it vectorises); parts that
// do not change along T but do along the last dim (a parameter's decay) are
// computed once per state element before the walk and kept beside the
// states (`scan_invariant` buffers). When the reduced dim is the last one
// (Mamba's sum over N), ScanReduceTiles.cpp generates the kernel instead: a
// work item is a tile of channels of the dim before it.
//
// Used with fusion on when the scan's `#sl.schedule` says `fuse_reduction`
// (sl-schedule: the target fuses such pairs and the look-back is not
// forced); the plain scan and reduce kernels remain for the other cases.
//
//===----------------------------------------------------------------------===//

#include "codegen/KernelMarks.h"
#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/KernelRemarks.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"
#include "passes/ScanSchedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <optional>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {

/// The most state elements one work item keeps (its share of the state
/// buffer stays in the L1/L2 cache).
constexpr int64_t kMaxGroupElements = 1 << 16;
/// The most cache lines a step's prefetch touches per buffer.
constexpr int64_t kMaxPrefetchLines = 16;

/// Whether every tensor the epilogue `op` reads but `sum` is at hand when
/// the scan kernel runs: a buffer already (an argument, or a value stored
/// before the scan), or computed inline from such values.
bool epilogueOperandsReady(CodegenContext &ctx, Operation *op, Value sum) {
  for (Value v : op->getOperands()) {
    // (Sizes, such as a broadcast's, are scalars the kernel has.)
    if (v == sum || !isa<RankedTensorType>(v.getType()) ||
        ctx.buffers.count(v) || isa<BlockArgument>(v))
      continue;
    Operation *def = v.getDefiningOp();
    if (!def || !isFusable(def) || ctx.fusionOf(def) != sl::Fusion::inlined ||
        !epilogueOperandsReady(ctx, def, sum))
      return false;
  }
  return true;
}

/// The sum's reader that `match`'s kernel computes at the sum's store
/// (#sl.schedule's fuse_epilogue, which sl-schedule gives where the target
/// does so and the sum has an elementwiseReaderOfSum), with the sum's map;
/// unset where that reader is computed inline by others (the sum is then
/// stored for them) or reads a value not yet at hand.
void matchSumEpilogue(CodegenContext &ctx, const ScanInfo &info,
                      ScanReduce &match) {
  Value sum = match.sum();
  if (!info.schedule.getFuseEpilogue())
    return;
  Operation *reader = elementwiseReaderOfSum(sum);
  if (!reader || ctx.fusionOf(reader) == sl::Fusion::inlined ||
      !epilogueOperandsReady(ctx, reader, sum))
    return;
  int n = static_cast<int>(info.shape.size());
  bool keepdims = cast<RankedTensorType>(sum.getType()).getRank() == n;
  DimMap map;
  for (int d = 0; d < n; ++d)
    if (d != match.dim)
      map.push_back(d);
    else if (keepdims)
      map.push_back(-1);
  match.epilogue = reader;
  match.sumMap = map;
}

/// The scan's state feeds one sum/mean over a dim other than the scan axis
/// (directly or through one element-wise op of the state's shape), and
/// nothing else reads it.
std::optional<ScanReduce> matchScanReduce(CodegenContext &ctx,
                                          const ScanInfo &info) {
  if (!ctx.options.fusion || !info.schedule.getFuseReduction())
    return std::nullopt;
  sl::ScanOp scan = info.op;
  int n = static_cast<int>(info.shape.size());
  if (info.k != 1 || scan.getExclusive() || info.axis == n - 1)
    return std::nullopt;
  Value state = scan.getResult(0);
  if (!state.hasOneUse() || ctx.resultIndex.count(state))
    return std::nullopt;
  ScanReduce match;
  Operation *user = *state.getUsers().begin();
  if (!isa<sl::ReduceOp>(user)) {
    if (!isElementwise(user) || user->getNumResults() != 1 ||
        user->getResult(0).getType() != state.getType() ||
        !user->getResult(0).hasOneUse() ||
        ctx.resultIndex.count(user->getResult(0)) ||
        llvm::count(user->getOperands(), state) != 1)
      return std::nullopt;
    match.between = user;
    user = *user->getResult(0).getUsers().begin();
  }
  auto reduce = dyn_cast<sl::ReduceOp>(user);
  if (!reduce || (reduce.getKind() != sl::ReduceKind::sum &&
                  reduce.getKind() != sl::ReduceKind::mean))
    return std::nullopt;
  match.reduce = reduce;
  match.term = reduce.getInput();
  match.dim = static_cast<int>(reduce.getAxis());
  if (match.dim == info.axis)
    return std::nullopt;
  // The group of one work item must stay small when its sizes are literal
  // (in work-groups, a group too large for one runs the fallback).
  const SymDim &group = info.shape[match.dim], &last = info.shape[n - 1];
  if (!ctx.options.target.groupScanReductions && group.dim < 0 &&
      last.dim < 0 &&
      group.literal * (match.dim == n - 1 ? 1 : last.literal) >
          kMaxGroupElements)
    return std::nullopt;
  matchSumEpilogue(ctx, info, match);
  return match;
}

/// Generates the fused kernel; the reduce's result gets its buffer.
void generateScanReduce(CodegenContext &ctx, ScanInfo &info,
                        ScanReduce match) {
  sl::ScanOp scan = info.op;
  KernelStep ks(ctx.kernels, ctx.kernelName("scan_reduce"), scan.getLoc());
  KernelBuilder &kb = ks.kb;
  ExprEmitter em(ctx, ks, info.shape);
  collectScanReduce(em, info, match);
  int n = static_cast<int>(info.shape.size());
  DimMap identity = identityMap(n);

  int axis = info.axis, inner = n - 1, group = match.dim;
  SmallVector<int> itemDims;
  for (int d = 0; d < n; ++d)
    if (d != axis && d != inner && d != group)
      itemDims.push_back(d);

  int32_t out = ctx.newBuffer(match.output(), "reduce");
  unsigned outSlot = ks.slot(out);
  Type outStorage = ctx.storageType(out);
  // The work items' states: one value per channel, in the compute type.
  unsigned stateSlot =
      ks.slot(info.temporary(ctx, "scan_state", {info.channels()}));

  // The parts of the coefficients and of the epilogue that do not change
  // along T (a gate of a parameter), each kept per state element in a
  // buffer like the states, computed once before the walk.
  SmallVector<std::pair<Value, DimMap>> invariantParts;
  SmallVector<unsigned> invariantSlots;
  keepInvariantParts(ctx, ks, em, info, match, /*across=*/-1, invariantParts,
                     invariantSlots);

  // The parts that do not change along the last dim (GLA's gate
  // exp(logsigmoid(g) / 16) of a [B, T, H, K, 1] coefficient; also those
  // constant along T, such as a parameter's decay, which are then
  // recomputed at each step): with a reduced dim other than the last, each
  // step computes them for all the group's rows in one loop of their own,
  // which vectorises (exp included), into a buffer of one value per row;
  // inside the row loop they would be computed one row at a time, scalar
  // (GLA: 17 of its 20 ms). The loop runs in tiles of the target's lanes,
  // a full tile one vector of straight-line code (laneLoop): as a loop of
  // K iterations it spent more on its own overhead than on the gate
  // (benchmarks/NOTES.md, entry 36).
  SmallVector<std::pair<Value, DimMap>> rowParts;
  {
    SmallVector<std::pair<Value, DimMap>> found;
    for (auto *list : {&info.m, &info.f})
      for (Operand &o : *list)
        if (o.value)
          em.rowInvariantParts(o.value, o.map, inner, found);
    em.rowInvariantParts(match.term, identity, inner, found);
    for (auto &part : found) { // (kept in the compute type: floats only)
      Type element = getElementTypeOrSelf(part.first.getType());
      if (isa<FloatType>(element) &&
          KernelBuilder::computeType(element) == info.compute)
        rowParts.push_back(part);
    }
  }
  SmallVector<unsigned> rowSlots;
  if (!rowParts.empty()) {
    runtime::SizeExpr rows = info.shape[group].size();
    for (int d : itemDims)
      rows = rows * info.shape[d].size();
    for (size_t i = 0; i < rowParts.size(); ++i)
      rowSlots.push_back(ks.slot(info.temporary(ctx, "scan_row", {rows})));
  }

  Value steps = kb.size(info.shape[axis]);
  Value width = kb.size(info.shape[inner]);
  Value groupSize = kb.size(info.shape[group]);
  // Output strides: the space without the reduced dim, row-major.
  SmallVector<Value> outStrides = stridesWithout(kb, info.shape, group);
  auto outOffset = [&](ArrayRef<Value> at) {
    return offsetOf(kb, at, outStrides);
  };
  SemiringMath sr(kb, scan.getSemiring(), info.compute,
                  scan.getAbsorbingZero());
  bool reverse = scan.getReverse();
  sl::ReduceKind kind = match.reduce.getKind();

  Type outCompute = KernelBuilder::computeType(outStorage);
  // The output row's tile: one partial sum per channel of the last dim.
  int64_t tile = ctx.options.target.scanReduceTile;
  Value sums = kb.stackArray(outCompute, tile);
  Value divisor = kind == sl::ReduceKind::mean
                      ? kb.b.create<arith::SIToFPOp>(kb.loc, outCompute,
                                                     groupSize)
                      : Value();

  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    SmallVector<Value> coords = kb.decompose(info.shape, itemDims, item);
    em.prepare(coords);
    Value stateBase = kb.mul(item, kb.mul(groupSize, width));
    // The item's rows in the `scan_row` buffers (rowParts).
    Value rowBase = rowParts.empty() ? Value() : kb.mul(item, groupSize);
    Value statePtr = kb.buffer(stateSlot), outPtr = kb.buffer(outSlot);
    auto slotOf = [&](Value r, Value j) {
      return kb.add(stateBase, kb.add(kb.mul(r, width), j));
    };
    // Every T-invariant part at every state element of the group, once.
    if (!invariantParts.empty()) {
      kb.forLoop(kb.i64(0), groupSize, [&](Value r) {
        kb.forLoop(kb.i64(0), width, [&](Value j) {
          SmallVector<Value> at(coords);
          at[axis] = kb.i64(0); // not read: the parts do not depend on T
          at[group] = r;
          at[inner] = j;
          em.beginOuterScope();
          for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
            kb.store(kb.buffer(slot), slotOf(r, j),
                     em.emit(part.first, part.second, at), info.compute);
        });
      });
      em.beginOuterScope();
    }
    /// Hands the kept parts of element (r, j) to the emitter.
    auto provideInvariants = [&](Value r, Value j) {
      for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
        em.provide(part.first, part.second,
                   kb.load(kb.buffer(slot), slotOf(r, j), info.compute));
    };
    // One step t: every state element of the group, and the output row.
    // The row is walked in tiles of `tile` channels of the last dim; a tile
    // sums its terms over the group's rows in `sums` (registers once LLVM
    // vectorises a full tile's loop: laneLoop), and stores its piece of the
    // output row once. (Summed into the output row itself, each row's add
    // waited for the row before's store: a chain through memory, 80% of
    // GLA's kernel.)
    auto step = [&](Value t) {
      // This step's row parts, every row of the group (rowParts).
      if (!rowParts.empty()) {
        kb.forTiles(kb.i64(0), groupSize, tile, [&](Value r0, Value count) {
          kb.laneLoop(kb.i64(0), count, tile, [&](Value i) {
            Value r = kb.add(r0, i);
            SmallVector<Value> at(coords);
            at[axis] = t;
            at[group] = r;
            at[inner] = Value(); // (not read: the parts do not depend on it)
            em.beginOuterScope();
            for (auto [part, slot] : llvm::zip(rowParts, rowSlots))
              kb.store(kb.buffer(slot), kb.add(rowBase, r),
                       em.emit(part.first, part.second, at), info.compute);
          });
        });
      }
      /// The tile of `count` channels of the last dim from `j0`.
      auto walkTile = [&](Value j0, Value count) {
        auto channels = [&](const std::function<void(Value)> &body) {
          kb.laneLoop(kb.i64(0), count, tile,
                      [&](Value i) { body(kb.add(j0, i)); });
        };
        channels([&](Value j) {
          kb.store(sums, kb.sub(j, j0), kb.fconst(outCompute, 0.0),
                   outCompute);
        });
        kb.forLoop(kb.i64(0), groupSize, [&](Value r) {
          SmallVector<Value> at(coords);
          at[axis] = t;
          at[group] = r;
          em.beginOuterScope();
          at[inner] = Value();
          for (auto [part, slot] : llvm::zip(rowParts, rowSlots))
            em.provideHoisted(part.first, part.second,
                              kb.load(kb.buffer(slot), kb.add(rowBase, r),
                                      info.compute));
          for (auto *list : {&info.m, &info.f})
            for (Operand &o : *list)
              if (o.value)
                em.hoistInvariant(o.value, o.map, at, inner);
          em.hoistInvariant(match.term, identity, at, inner);
          channels([&](Value j) {
            em.beginScope();
            at[inner] = j;
            provideInvariants(r, j);
            advanceIntoSum(kb, em, info, sr, match, statePtr, slotOf(r, j),
                           at, sums, kb.sub(j, j0), outCompute);
          });
        });
        SmallVector<Value> rowAt(coords);
        rowAt[axis] = t;
        rowAt[group] = kb.i64(0);
        channels([&](Value j) {
          rowAt[inner] = j;
          Value sum = kb.load(sums, kb.sub(j, j0), outCompute);
          if (divisor)
            sum = kb.b.create<arith::DivFOp>(kb.loc, sum, divisor);
          kb.store(outPtr, outOffset(rowAt), storedSum(em, match, sum, rowAt),
                   outStorage);
        });
      };
      kb.forTiles(kb.i64(0), width, tile, walkTile);
    };
    auto pos = [&](Value s) { return storageStep(kb, reverse, s, steps); };
    Value any = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sgt,
                                           steps, kb.i64(0));
    // Every state element starts at the scan's initial value, so that the
    // first step runs the code of the others (one copy of the step: half the
    // kernel for LLVM to compile).
    kb.ifThen(any, [&] {
      kb.forLoop(kb.i64(0), groupSize, [&](Value r) {
        kb.forLoop(kb.i64(0), width, [&](Value j) {
          SmallVector<Value> at(coords);
          at[axis] = pos(kb.i64(0));
          at[group] = r;
          at[inner] = j;
          em.beginOuterScope();
          provideInvariants(r, j);
          kb.store(statePtr, slotOf(r, j), info.emit(em, info.init, at)[0],
                   info.compute);
        });
      });
    });
    int64_t ahead = ctx.options.target.walkPrefetchSteps;
    SmallVector<Value> loopSizes(n, Value());
    loopSizes[group] = groupSize;
    loopSizes[inner] = width;
    kb.forLoop(kb.i64(0), steps, [&](Value s) {
      if (ahead > 0) {
        // The rows of a step a few steps on (the output's too).
        Value later = pos(kb.min(kb.add(s, kb.i64(ahead)),
                                 kb.sub(steps, kb.i64(1))));
        em.prefetchAlong(axis, later, loopSizes, kMaxPrefetchLines);
        SmallVector<Value> rowAt(coords);
        rowAt[axis] = later;
        rowAt[inner] = kb.i64(0);
        rowAt[group] = kb.i64(0);
        Value lastByte =
            kb.mul(kb.sub(width, kb.i64(1)),
                   kb.i64(outStorage.getIntOrFloatBitWidth() / 8));
        kb.prefetch(outPtr, outOffset(rowAt), outStorage, lastByte,
                    kMaxPrefetchLines, /*write=*/true);
      }
      step(pos(s));
    });
  });
  runtime::SizeExpr items = runtime::SizeExpr::literal(1);
  for (int d : itemDims)
    items = items * info.shape[d].size();
  finishScanReduce(ctx, ks, info, match, out, items,
                   info.shape[axis].size() * info.shape[inner].size() *
                       info.shape[group].size(),
                   /*minGrain=*/1);
}

} // namespace

void keepInvariantParts(CodegenContext &ctx, KernelStep &ks, ExprEmitter &em,
                        ScanInfo &info, const ScanReduce &match, int across,
                        SmallVectorImpl<std::pair<Value, DimMap>> &parts,
                        SmallVectorImpl<unsigned> &slots) {
  int n = static_cast<int>(info.shape.size());
  for (auto *list : {&info.m, &info.f})
    for (Operand &o : *list)
      if (o.value)
        em.axisInvariantParts(o.value, o.map, info.axis, n - 1, parts, across);
  em.axisInvariantParts(match.term, identityMap(n), info.axis, n - 1, parts,
                        across);
  for (size_t i = 0; i < parts.size(); ++i)
    slots.push_back(
        ks.slot(info.temporary(ctx, "scan_invariant", {info.channels()})));
}

void advanceIntoSum(KernelBuilder &kb, ExprEmitter &em, ScanInfo &info,
                    SemiringMath &sr, const ScanReduce &match, Value statePtr,
                    Value slot, ArrayRef<Value> at, Value sums, Value i,
                    Type sumType) {
  SmallVector<Value> prev{kb.load(statePtr, slot, info.compute)};
  SmallVector<Value> mk = info.emit(em, info.m, at);
  SmallVector<Value> fk = info.emit(em, info.f, at);
  SmallVector<Value> next = sr.step(info.matrix, info.forcing, mk, fk, prev);
  kb.store(statePtr, slot, next[0], info.compute);
  em.setBound(info.op.getResult(0), next[0]);
  Value term =
      em.emit(match.term, identityMap(info.shape.size()), at);
  Value sum = kb.load(sums, i, sumType);
  kb.store(sums, i, kb.b.create<arith::AddFOp>(kb.loc, sum, term), sumType);
}

void collectScanReduce(ExprEmitter &em, ScanInfo &info,
                       const ScanReduce &match) {
  em.declareBound(info.op.getResult(0));
  info.collect(em);
  em.collect(match.term, identityMap(info.shape.size()));
  if (match.epilogue) {
    em.declareBound(match.sum());
    em.collect(match.output(), match.sumMap);
  }
}

Value storedSum(ExprEmitter &em, const ScanReduce &match, Value sum,
                ArrayRef<Value> at) {
  if (!match.epilogue)
    return sum;
  em.beginOuterScope();
  em.setBound(match.sum(), sum);
  return em.emit(match.output(), match.sumMap, at);
}

void finishScanReduce(CodegenContext &ctx, KernelStep &ks, ScanInfo &info,
                      ScanReduce match, int32_t out, runtime::SizeExpr items,
                      runtime::SizeExpr itemSize, int64_t minGrain,
                      bool acrossStates) {
  remarkScanReduce(ctx, info, match.reduce, match.between, match.term,
                   match.dim, items, acrossStates, match.epilogue);
  ks.kb.function()->setAttr(kShortRowsAttr, ks.kb.b.getUnitAttr());
  ks.step.range = items;
  ks.step.itemSize = itemSize;
  ks.step.minGrain = minGrain;
  ctx.addStep(ks);
  ctx.buffers[match.output()] = out;
  ctx.generated.insert(match.reduce);
  if (match.between)
    ctx.generated.insert(match.between);
  if (match.epilogue)
    ctx.generated.insert(match.epilogue);
}

bool generateScanWithReduction(CodegenContext &ctx, ScanInfo &info) {
  std::optional<ScanReduce> match = matchScanReduce(ctx, info);
  if (!match)
    return false;
  if (ctx.options.target.groupScanReductions)
    return generateScanReduceGroups(ctx, info, *match);
  if (match->dim == static_cast<int>(info.shape.size()) - 1)
    generateScanReduceTiles(ctx, info, *match);
  else
    generateScanReduce(ctx, info, *match);
  return true;
}

} // namespace sluice::codegen::cpu
