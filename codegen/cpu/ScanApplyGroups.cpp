//===- ScanApplyGroups.cpp - The look-back's last block, walked in groups ===//
//
// The look-back's apply kernel (ScanKernels.cpp, kernel C) re-runs a block
// from its carry and writes the results. A full block re-runs its 8 lanes
// (each from its own start, the carry through the lanes before it), with
// the lanes a constant distance apart. The last block, shorter, took a
// second copy of the lanes with a mask and a clamped index per step. For
// one state in the linear semiring the last block is instead walked from its
// carry in groups of G consecutive steps: the maps of the group's prefixes
// (A_i, B_i) are composed from the identity, a chain that does not involve
// the state, then each result is one step from the state before the
// group, h_i = A_i (x) h (+) B_i. The state's own dependency chain is one
// step a group, not one a step, and no lane starts are needed. Where T
// fits in one block (T < 32896 on the CPU) that is the whole apply.
// (Walking full blocks this way too was measured slower where the time
// stride is a run-time value, [B, T, D]: benchmarks/NOTES.md, fortieth
// session; so was a max-plus scan's last block, whose compositions need a
// select per step to keep its zero absorbing: 0.042 -> 0.077 ms at T =
// 20000.)
//
// A linear group whose state or composed map is not finite is walked step
// by step instead (as throughSteps does), so that infinities and NaNs
// follow the sequential loop's arithmetic.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ScanApplyGroups.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/ScanCarryTree.h"

using namespace mlir;

namespace sluice::codegen::cpu {

bool appliesInGroups(const CodegenContext &ctx, const ScanInfo &info) {
  sl::ScanOp op = info.op; // (its accessors are not const)
  return ctx.options.target.lookbackApplyGroupSteps >= 2 && info.k == 1 &&
         info.matrix != "0" && op.getSemiring() == sl::Semiring::linear;
}

void applyBlockInGroups(CodegenContext &ctx, KernelBuilder &kb, ExprEmitter &em,
                        ScanInfo &info, SemiringMath &sr, const BlockFrame &fr,
                        Value start, ArrayRef<unsigned> outSlots,
                        ArrayRef<Value> strides) {
  const int64_t G = ctx.options.target.lookbackApplyGroupSteps;
  const bool reverse = info.op.getReverse();
  const bool exclusive = info.op.getExclusive();
  Value blockStart = kb.mul(fr.block, info.blockStepsValue(kb));
  Value count = kb.min(info.blockStepsValue(kb), kb.sub(fr.steps, blockStart));
  Value groups = kb.div(count, kb.i64(G));

  /// One step's coordinates and operands.
  struct StepOperands {
    SmallVector<Value> at, m, f;
  };
  auto operandsAt = [&](Value step) {
    em.beginScope();
    StepOperands op;
    op.at.assign(fr.coords.begin(), fr.coords.end());
    op.at[info.axis] = storageStep(kb, reverse, step, fr.steps);
    op.m = info.emit(em, info.m, op.at);
    op.f = info.emit(em, info.f, op.at);
    return op;
  };
  auto store = [&](ArrayRef<Value> at, Value prev, Value out) {
    if (info.stateOnly[0]) // (the carries hold it)
      return;
    kb.store(kb.buffer(outSlots[0]), offsetOf(kb, at, strides),
             exclusive ? prev : out, ctx.storageType(info.outputs[0]));
  };
  auto stepFrom = [&](const StepOperands &op, Value h) {
    return sr.step(info.matrix, info.forcing, op.m, op.f, {h})[0];
  };
  /// One step at iteration step `step` from state `h`, its result stored.
  auto walkStep = [&](Value step, Value h) {
    StepOperands op = operandsAt(step);
    Value out = stepFrom(op, h);
    store(op.at, h, out);
    return SmallVector<Value>{out};
  };
  const std::string map = "v", forcing = "v";

  SmallVector<Value> state = kb.stepLoopCarried(
      kb.i64(0), groups, ValueRange{start}, [&](Value g, ValueRange cur) {
        Value h = cur[0];
        Value first = kb.add(blockStart, kb.mul(g, kb.i64(G)));
        SmallVector<StepOperands> ops;
        for (int64_t i = 0; i < G; ++i)
          ops.push_back(operandsAt(kb.add(first, kb.i64(i))));
        // The prefixes' maps, from the identity: runs of the composition.
        SmallVector<Value> A, B;
        Value a = sr.one(), b = sr.zero();
        for (const StepOperands &op : ops) {
          a = sr.step(info.matrix, "0", op.m, {}, {a}, /*withForcing=*/false,
                      /*run=*/true)[0];
          // (The first step's map applied to zero is its forcing: no
          // product with zero, which LLVM may not fold.)
          b = sr.step(A.empty() ? "0" : info.matrix, info.forcing, op.m, op.f,
                      {b}, /*withForcing=*/true, /*run=*/true)[0];
          A.push_back(a);
          B.push_back(b);
        }
        SmallVector<Value> out;
        for (int64_t i = 0; i < G; ++i)
          out.push_back(sr.step(map, forcing, {A[i]}, {B[i]}, {h})[0]);
        auto storeComposed = [&] {
          for (int64_t i = 0; i < G; ++i)
            store(ops[i].at, i == 0 ? h : out[i - 1], out[i]);
          return SmallVector<Value>{out.back()};
        };
        // The group's last result is finite exactly when the state before
        // the group and the group's map are (and nothing overflowed): a
        // non-finite value in any of them propagates to it. Only then do
        // the composed results stand for the loop's; else the group's steps
        // are walked one at a time, in a loop (its operands loaded again:
        // straight-line code there would let LLVM compute both sides and
        // select, putting the walk's chain of G steps on every group's).
        return kb.ifElse(allFinite(kb, {out.back()}), {info.compute},
                         storeComposed, [&] {
                           return kb.forLoopCarried(
                               kb.i64(0), kb.i64(G), ValueRange{h},
                               [&](Value i, ValueRange cur) {
                                 return walkStep(kb.add(first, i), cur[0]);
                               });
                         });
      });
  // The block's last steps, fewer than a group, one at a time.
  kb.forLoopCarried(kb.mul(groups, kb.i64(G)), count, ValueRange{state[0]},
                    [&](Value i, ValueRange cur) {
                      return walkStep(kb.add(blockStart, i), cur[0]);
                    });
  em.beginScope();
}

} // namespace sluice::codegen::cpu
