//===- ScanReduceGroupKernel.cpp - A scan and its sum in work-groups ------===//
//
// The OpenCL form of a scan read only through a sum over one of its state
// dims (Mamba's y = sum(C * h, N), GLA's o = sum(q * S, K)). Apart, the scan
// writes its whole state over T and the reduction reads it back: at Mamba's
// (B, T, D, N) = (8, 2048, 1024, 16) that is 1 GB each way for 67 MB of
// unique bytes. The CPU's fused kernel (ScanReduceKernel.cpp) gives a work
// item a whole reduction group, which on a GPU leaves most of it idle (GLA:
// B x H = 16 work-items). Here a work-item owns one state channel, walks T
// with the state in a register, in blocks of TargetInfo::groupKernelSteps
// steps (each block's state-free parts first, their loads in flight
// together, then the recurrence's chain), and hands each step's
// term (C * h) to its work-group, which holds whole reduction groups: after
// each block the work-group sums each group's terms from local memory, in
// lane order, and stores the sums (runtime/opencl/KernelAbi.h). The state
// over T is never stored; the work-items are as many as the channels.
//
// The kernel function walks one channel; the calls of KernelMarks.h
// (kTileGroupLaneCallee, kTileGroupAddCallee, kTileGroupSumsCallee) stand
// for the work-group's part, which the OpenCL printer's template supplies
// (codegen/opencl/GroupKernelPrinter.cpp). It is the channel-parallel
// alternative of the scan's schedule (its guard from
// TargetInfo::groupKernelPerUnit channels a unit); its step's body, which the executor runs where a group does not
// fit a work-group, and the look-back alternative compute the scan and the
// reduction apart into the same result buffer.
//
//===----------------------------------------------------------------------===//

#include "codegen/KernelMarks.h"
#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/KernelRemarks.h"
#include "codegen/cpu/ScanGroup.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"
#include "codegen/cpu/ScanTile.h"
#include "codegen/cpu/StagedBlock.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {

/// Builds the group kernel of `info` and `match` into `ks`, its sums into
/// plan buffer `out`; returns its groups (the step's range).
runtime::SizeExpr buildGroupKernel(CodegenContext &ctx, KernelStep &ks,
                                   ScanInfo &info, ScanReduce match,
                                   int32_t out) {
  KernelBuilder &kb = ks.kb;
  sl::ScanOp scan = info.op;
  ExprEmitter em(ctx, ks, info.shape);
  Value state = scan.getResult(0);
  em.declareBound(state);
  info.collect(em);
  int n = static_cast<int>(info.shape.size());
  DimMap identity = identityMap(n);
  em.collect(match.term, identity);
  int axis = info.axis, group = match.dim;
  unsigned outSlot = ks.slot(out);

  // A group: every dim but the axis and the reduced one, row-major.
  SmallVector<int> groupDims;
  for (int d = 0; d < n; ++d)
    if (d != axis && d != group)
      groupDims.push_back(d);
  SmallVector<Value> coords = kb.decompose(info.shape, groupDims, kb.begin());
  coords[group] = callTile(kb, kTileGroupLaneCallee, kb.b.getI64Type());
  em.prepare(coords);
  // The sums' offsets: the space without the reduced dim, row-major.
  SmallVector<Value> outStrides(n, Value());
  Value stride = kb.i64(1);
  for (int d = n - 1; d >= 0; --d) {
    if (d == group)
      continue;
    outStrides[d] = stride;
    stride = kb.mul(stride, kb.size(info.shape[d]));
  }
  auto at = [&](Value t) {
    SmallVector<Value> where(coords);
    where[axis] = t;
    return where;
  };
  Value steps = kb.size(info.shape[axis]);
  bool reverse = scan.getReverse();
  auto pos = [&](Value s) { return storageStep(kb, reverse, s, steps); };
  SemiringMath sr(kb, scan.getSemiring(), info.compute,
                  scan.getAbsorbingZero());

  em.beginOuterScope();
  SmallVector<Value> init = info.emit(em, info.init, at(pos(kb.i64(0))));
  // Parts that do not change along T (Mamba's A[d, n]): once, in registers.
  for (auto *list : {&info.m, &info.f})
    for (Operand &o : *list)
      if (o.value)
        em.hoistInvariant(o.value, o.map, at(Value()), axis);
  // T in blocks of `block` steps, each unrolled, their sums after each
  // block. The blocks inside T walk their steps unclamped: a step's
  // offsets are the block's plus a multiple of the step stride, which the
  // compiler folds (no multiply or select per step). The last block, if T
  // cuts it, is walked apart: a step past T reads the last step's
  // operands and keeps the state, so every load stays in bounds and none
  // waits on a branch; its sums count only its steps inside T.
  // (f64: half as many steps, so that the local array of terms, block x
  // 257 values, stays at 16 KiB as in f32, within OpenCL's minimum 32 KiB
  // of local memory; fewer where a step stages many values, so that the
  // staged array fits TargetInfo::stagedValuesPerItem.)
  // Each block in two unrolled loops: first, for every step, what does not
  // depend on the state (the coefficients and forcings, and the parts of
  // the term without the state: Mamba's exp(dt * A), dt * x * B and C),
  // into a private array, so that their loads are in flight together;
  // then the recurrence's chain and the terms from the array. (With the
  // loads inside the chain the walk waited a memory latency a step:
  // benchmarks/NOTES.md, fourteenth session.)
  SmallVector<StagedPart> staged = coefficientParts(info);
  em.boundFreeParts(match.term, identity, staged);
  int64_t block = ctx.options.target.groupKernelSteps;
  if (info.compute.isF64())
    block = std::max<int64_t>(1, block / 2);
  block = stagedBlockSteps(block, staged.size(),
                           ctx.options.target.stagedValuesPerItem);
  StagedBlock stage(kb, em, info.compute, std::move(staged), block);
  Value last = kb.sub(steps, kb.i64(1));
  Value fullBlocks = kb.div(steps, kb.i64(block));
  Value blocks = kb.div(kb.add(steps, kb.i64(block - 1)), kb.i64(block));
  auto walkBlock = [&](Value b, ValueRange h, bool clamped) {
    Value first = kb.mul(b, kb.i64(block));
    auto whereOf = [&](Value j) {
      Value s = kb.add(first, j);
      return at(pos(clamped ? kb.min(s, last) : s));
    };
    stage.compute(whereOf);
    SmallVector<Value> out = kb.unrolledLoopCarried(
        0, block, h, [&](Value j, ValueRange cur) {
          em.beginScope();
          SmallVector<Value> where = whereOf(j);
          stage.provide(j);
          SmallVector<Value> m = info.emit(em, info.m, where);
          SmallVector<Value> f = info.emit(em, info.f, where);
          SmallVector<Value> prev(cur.begin(), cur.end());
          SmallVector<Value> next =
              sr.step(info.matrix, info.forcing, m, f, prev);
          em.setBound(state, next[0]);
          Value term = em.emit(match.term, identity, where);
          Value offset = kb.i64(0);
          for (int d = 0; d < n; ++d)
            if (d != group)
              offset = kb.add(offset, kb.mul(where[d], outStrides[d]));
          callTile(kb, kTileGroupAddCallee, {}, ValueRange{term, offset, j});
          if (!clamped)
            return next;
          Value inside = kb.b.create<arith::CmpIOp>(
              kb.loc, arith::CmpIPredicate::slt, kb.add(first, j), steps);
          return SmallVector<Value>{kb.b.create<arith::SelectOp>(
              kb.loc, inside, next[0], prev[0])};
        });
    Value counted = clamped ? kb.sub(steps, first) : kb.i64(block);
    callTile(kb, kTileGroupSumsCallee, {}, ValueRange{counted});
    return out;
  };
  SmallVector<Value> h = kb.forLoopCarried(
      kb.i64(0), fullBlocks, init,
      [&](Value b, ValueRange cur) { return walkBlock(b, cur, false); });
  kb.forLoopCarried(fullBlocks, blocks, h,
                    [&](Value b, ValueRange cur) { return walkBlock(b, cur, true); });
  em.beginScope();
  kb.function()->setAttr(kGroupKernelAttr, kb.b.getI64IntegerAttr(outSlot));
  kb.function()->setAttr(kGroupKernelStepsAttr, kb.b.getI64IntegerAttr(block));
  if (match.reduce.getKind() == sl::ReduceKind::mean)
    kb.function()->setAttr(kGroupKernelMeanAttr, kb.b.getUnitAttr());
  runtime::SizeExpr groups = runtime::SizeExpr::literal(1);
  for (int d : groupDims)
    groups = groups * info.shape[d].size();
  return groups;
}

} // namespace

bool generateScanReduceGroups(CodegenContext &ctx, ScanInfo &info,
                              ScanReduce match) {
  // (Its sums go through the group's tile functions: the sum is stored and
  // an epilogue is a kernel of its own; sl-schedule asks for none here.)
  match.epilogue = nullptr;
  // The sums are kept in the compute type: a 16-bit result keeps the
  // kernels apart (its rounding is the reduction kernel's). So does an E
  // that a kernel of its own computes.
  Type resultElement =
      getElementTypeOrSelf(match.reduce.getResult().getType());
  if (resultElement != info.compute ||
      (match.between && ctx.fusionOf(match.between) != sl::Fusion::inlined))
    return false;
  int64_t threshold = 0;
  bool perUnit = false;
  if (info.schedule.getStrategy() == sl::ScanStrategy::automatic) {
    threshold = info.schedule.getChannelThreshold();
    perUnit = info.schedule.getPerUnit();
  }
  sl::ScanOp scan = info.op;
  Value state = scan.getResult(0);
  int32_t out = ctx.newBuffer(match.reduce.getResult(), "reduce");
  // The state over T, for the alternatives that store it (the look-back;
  // the fallback where a group does not fit a work-group).
  int32_t stored = ctx.newBuffer(state, "scan");
  info.outputs = {stored};
  info.stateOnly = {false};
  ctx.buffers[state] = stored;
  ctx.generated.insert(scan);
  remarkScan(ctx, info);

  KernelStep ks(ctx.deferredKernels, ctx.kernelName("scan_reduce_groups"),
                scan.getLoc());
  runtime::SizeExpr groups = buildGroupKernel(ctx, ks, info, match, out);
  remarkScanReduce(ctx, info, match.reduce, match.between, match.term,
                   match.dim, groups);
  ks.step.range = groups;
  ks.step.groupLanes = info.shape[match.dim].size();
  ks.step.itemSize = info.shape[info.axis].size();
  guardAlternative(ks.step, info, info.channels(), threshold, perUnit,
                   Alternative::ChannelParallel);
  // The fallback: the scan channel-parallel, then the reduction.
  std::vector<runtime::Step> *outer = ctx.stepSink;
  ctx.stepSink = &ks.step.body;
  SmallVector<ScanInfo, 1> alone{info};
  generateChannelParallel(ctx, alone, info.channels(), 0, false);
  generateReduce(ctx, match.reduce, out);
  ctx.stepSink = outer;
  ctx.addStep(ks);
  if (threshold > 0) {
    generateLookback(ctx, info, info.channels(), threshold, perUnit);
    generateReduce(ctx, match.reduce, out);
    guardAlternative(ctx.stepSink->back(), info, info.channels(), threshold,
                     perUnit, Alternative::Lookback);
  }
  ctx.buffers[match.reduce.getResult()] = out;
  ctx.generated.insert(match.reduce);
  if (match.between)
    ctx.generated.insert(match.between);
  return true;
}

} // namespace sluice::codegen::cpu
