//===- ScanGroupKernel.cpp - Channel-parallel scans, alone or in a group --===//
//
// The channel-parallel strategy of ScanKernels.cpp, for one scan or for a
// group of scans (ScanGroup.h) at once: each work item is a run of channels
// along the last dim; it walks T, and at each step
// computes every member's new state in member order, so that
// - the element-wise subexpressions the members share are emitted once per
//   step (one ExprEmitter, one scope per step and channel: RWKV-4's
//   exponentials, read by its numerator and denominator, are computed once);
// - a member that reads an earlier member's state at the same step gets it
//   from the register just computed (ExprEmitter::provide), and one that
//   reads it at an earlier step (`p[t-1]`, a shift along the axis) loads it
//   from the results the same work item has already written.
// The CPU walks T over a row of channels, reading each previous state back
// from the row written the step before (still in cache; the loop over the
// row vectorises); OpenCL (TargetInfo::channelStateInRegisters) walks T per
// channel with the states carried in registers, and so does the CPU's
// second kernel for rows narrower than TargetInfo::registerWalkBelowChannels
// (chosen when a call runs by the step's width guard).
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/ScanGroup.h"
#include "codegen/cpu/ScanMath.h"
#include "codegen/cpu/StagedBlock.h"
#include "ir/SluiceOps.h"
#include "passes/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

using namespace mlir;

namespace sluice::codegen::cpu {

bool OperandCone::visit(Value v) {
  if (auto it = readsMemberOf.find(v); it != readsMemberOf.end())
    return it->second;
  bool reads = false;
  if (members.contains(v)) {
    reads = readsMember = true;
    // An exclusive scan stores a state one step after it computes it.
    ok = ok && !exclusive;
  } else if (ctx.buffers.count(v)) {
    if (static_cast<int>(ctx.shapes.shape(v).size()) == rank)
      stepLeaves.insert(v);
  } else if (Operation *def = v.getDefiningOp(); def && isFusable(def)) {
    if (!isa<sl::BroadcastOp, arith::ConstantOp>(def))
      ++ops;
    for (Value operand : def->getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        reads = visit(operand) || reads;
    if (auto shift = dyn_cast<sl::ShiftOp>(def); shift && reads)
      ok = ok && readsEarlierStep(shift);
    // A member's state is read at the kernel's own coordinates only: a
    // broadcast that moves dims (one dim for another of the same size)
    // would read another channel's.
    if (auto bc = dyn_cast<sl::BroadcastOp>(def); bc && reads)
      ok = ok && llvm::equal(bc.getDims(), llvm::seq<int64_t>(0, rank)) &&
           bc.getInput().getType().getRank() == rank;
  } else {
    ok = false; // computed by an op not generated yet
  }
  readsMemberOf[v] = reads;
  return reads;
}

bool OperandCone::readsEarlierStep(sl::ShiftOp shift) const {
  if (static_cast<int>(shift.getType().getRank()) != rank)
    return false;
  int64_t along = shift.getAxis(), amount = shift.getAmount();
  if (along != axis)
    return false; // another channel: maybe another work item's
  return reverse ? amount <= 0 : amount >= 0;
}

namespace {
/// Whether `b` may share `a`'s kernel, leaving its operands aside.
bool compatible(CodegenContext &ctx, sl::ScanOp a, sl::ScanOp b) {
  return a.getAxis() == b.getAxis() && a.getReverse() == b.getReverse() &&
         a.getExclusive() == b.getExclusive() &&
         a.getResult(0).getType() == b.getResult(0).getType() &&
         ctx.shapes.shape(a.getResult(0)) == ctx.shapes.shape(b.getResult(0)) &&
         scheduleOf(ctx, a) == scheduleOf(ctx, b);
}

/// Whether `scan`'s schedule asks for the scan-reduce fusion (its own kernel).
bool fusesReduction(CodegenContext &ctx, sl::ScanOp scan) {
  return scheduleOf(ctx, scan).getFuseReduction();
}
} // namespace

SmallVector<sl::ScanOp> findScanGroup(CodegenContext &ctx, sl::ScanOp first) {
  SmallVector<sl::ScanOp> group{first};
  if (!ctx.options.fusion || fusesReduction(ctx, first))
    return group;
  const SymShape &shape = ctx.shapes.shape(first.getResult(0));
  int rank = static_cast<int>(shape.size());
  int axis = rank + static_cast<int>(first.getAxis());
  llvm::DenseSet<Value> members(first.getResults().begin(),
                                first.getResults().end());
  auto coneOf = [&](sl::ScanOp scan) {
    OperandCone cone(ctx, members, rank, axis, scan.getReverse(),
                     scan.getExclusive());
    for (Value v : scan.getCoeffs())
      cone.visit(v);
    for (Value v : scan.getInputs())
      cone.visit(v);
    for (Value v : scan.getInits())
      cone.visit(v);
    return cone;
  };
  llvm::DenseSet<Value> groupLeaves = coneOf(first).stepLeaves;
  SmallVector<sl::ScanOp> candidates;
  for (Operation *op = first->getNextNode(); op; op = op->getNextNode())
    if (auto scan = dyn_cast<sl::ScanOp>(op);
        scan && !ctx.generated.contains(op) && compatible(ctx, first, scan) &&
        !fusesReduction(ctx, scan))
      candidates.push_back(scan);
  // A candidate may join through one that joins after it: until no change.
  for (bool changed = true; changed;) {
    changed = false;
    for (sl::ScanOp &scan : candidates) {
      if (!scan || group.size() >= kMaxGroupMembers)
        continue;
      OperandCone cone = coneOf(scan);
      if (!cone.ok || cone.ops > kMaxGroupInlineOps)
        continue;
      bool shares = llvm::any_of(cone.stepLeaves, [&](Value leaf) {
        return groupLeaves.contains(leaf);
      });
      if (!shares && !cone.readsMember)
        continue;
      group.push_back(scan);
      members.insert(scan.getResults().begin(), scan.getResults().end());
      groupLeaves.insert(cone.stepLeaves.begin(), cone.stepLeaves.end());
      scan = nullptr;
      changed = true;
    }
  }
  // Block order: a member only reads members before it.
  llvm::sort(group, [](sl::ScanOp a, sl::ScanOp b) {
    return a->isBeforeInBlock(b.getOperation());
  });
  return group;
}

namespace {
/// How a channel-parallel kernel walks T (see generateChannelParallel).
enum class ChannelWalk {
  /// Over a row of channels at each step, the previous states read back
  /// from the row written the step before (the CPU: the loop over the row
  /// vectorises).
  Rows,
  /// Per channel, the states carried in registers (OpenCL; the CPU's rows
  /// narrower than TargetInfo::registerWalkBelowChannels).
  Registers,
};

/// One channel-parallel kernel of `group` walking T as `walk` says, added
/// to the plan; deferred when `deferred`. With `narrow` > 0, a Registers
/// kernel runs only on rows narrower than `narrow` channels and a Rows
/// kernel only on the others (0: every row width).
void addChannelParallelKernel(CodegenContext &ctx,
                              MutableArrayRef<ScanInfo> group,
                              runtime::SizeExpr guard, int64_t threshold,
                              bool perThread, const GroupEpilogue &epilogue,
                              ChannelWalk walk, int64_t narrow, bool deferred) {
  ScanInfo &lead = group.front();
  bool inRegisters = walk == ChannelWalk::Registers;
  std::string name = group.size() > 1 ? "scan_group_channels" : "scan_channels";
  if (inRegisters && narrow > 0)
    name += "_narrow";
  KernelStep ks(deferred ? ctx.deferredKernels : ctx.kernels,
                ctx.kernelName(name), lead.op.getLoc());
  KernelBuilder &kb = ks.kb;
  const SymShape &shape = lead.shape;
  int n = static_cast<int>(shape.size());
  int axis = lead.axis;
  ExprEmitter em(ctx, ks, shape);
  DimMap identity = identityMap(n);
  auto internal = [&](size_t i) {
    return i < epilogue.internal.size() && epilogue.internal[i];
  };
  // An internal member's states are the kernel's own: read at the step from
  // the register just computed, at the step before from the one carried.
  for (size_t i = 0; i < group.size(); ++i)
    if (internal(i))
      for (Value r : group[i].op.getResults())
        em.declareBound(r);
  for (ScanInfo &info : group)
    info.collect(em);
  SmallVector<unsigned> epilogueSlots;
  for (Value v : epilogue.values) {
    em.collect(v, identity);
    epilogueSlots.push_back(ks.slot(epilogue.buffers[epilogueSlots.size()]));
  }
  SmallVector<SmallVector<unsigned>> outSlots;
  SmallVector<std::unique_ptr<SemiringMath>> semirings;
  for (ScanInfo &info : group) {
    outSlots.emplace_back();
    for (int32_t out : info.outputs)
      outSlots.back().push_back(ks.slot(out));
    semirings.push_back(std::make_unique<SemiringMath>(
        kb, info.op.getSemiring(), info.compute, info.op.getAbsorbingZero()));
  }
  // Every value the kernel computes at each step: the members' coefficients
  // and forcing terms, then the epilogue.
  SmallVector<std::pair<Value, DimMap>> roots;
  for (ScanInfo &info : group)
    for (auto *list : {&info.m, &info.f})
      for (Operand &o : *list)
        if (o.value)
          roots.emplace_back(o.value, o.map);
  for (Value v : epilogue.values)
    roots.emplace_back(v, identity);

  RowLayout rows = rowLayoutAround(n, axis);
  int inner = rows.inner;
  ArrayRef<int> itemDims = rows.itemDims;

  Value steps = kb.size(shape[axis]);
  Value width = inner >= 0 ? kb.size(shape[inner]) : kb.i64(1);
  SmallVector<Value> strides = stridesOf(kb, shape);
  bool reverse = lead.op.getReverse(), exclusive = lead.op.getExclusive();
  /// After member `i` computed `state` at the current step: later members
  /// reading it there get it without a load (only where the stored value is
  /// the same, i.e. the output is in the compute type).
  auto provideState = [&](size_t i, ArrayRef<Value> state) {
    ScanInfo &info = group[i];
    if (exclusive)
      return;
    for (int64_t c = 0; c < info.k; ++c) {
      if (internal(i))
        em.setBound(info.op.getResult(c), state[c]);
      else if (!info.stateOnly[c] &&
               ctx.storageType(info.outputs[c]) == info.compute)
        em.provide(info.op.getResult(c), identity, state[c]);
    }
  };
  /// Before the step: an internal member's state at the step before, for
  /// `shift(state)` (zero at the first step, as the shift says).
  auto providePrevious = [&](size_t i, ArrayRef<Value> previous) {
    if (!internal(i))
      return;
    for (int64_t c = 0; c < group[i].k; ++c)
      em.provideBack(group[i].op.getResult(c), identity, axis, reverse ? -1 : 1,
                     previous[c]);
  };
  /// After every member's step: the epilogue values at `at`, stored at
  /// storage step `step` (later ones read earlier ones from registers).
  auto storeEpilogue = [&](ArrayRef<Value> at, Value step) {
    if (epilogue.values.empty())
      return;
    SmallVector<Value> where(at.begin(), at.end());
    where[axis] = step;
    Value off = offsetOf(kb, where, strides);
    for (auto [v, buffer, slot] :
         llvm::zip(epilogue.values, epilogue.buffers, epilogueSlots)) {
      Value element = em.emit(v, identity, at);
      kb.store(kb.buffer(slot), off, element, ctx.storageType(buffer));
      em.provide(v, identity, element);
    }
  };

  // Coefficient parts that do not change along T but do along the row (a
  // gate of a per-channel parameter, LinOSS's 1 / (1 + dt^2 A)): computed
  // once per channel before the walk, kept in a buffer of one value per
  // channel (register-carried channels keep them in registers instead).
  SmallVector<std::pair<Value, DimMap>> invariantParts;
  SmallVector<unsigned> invariantSlots;
  if (inner >= 0 && !inRegisters) {
    for (auto &[v, map] : roots)
      em.axisInvariantParts(v, map, axis, inner, invariantParts);
    for (size_t i = 0; i < invariantParts.size(); ++i)
      invariantSlots.push_back(
          ks.slot(lead.temporary(ctx, "scan_invariant", {lead.channels()})));
  }

  Value rowBegin = kb.div(kb.begin(), width);
  Value rowEnd = kb.div(kb.add(kb.end(), kb.sub(width, kb.i64(1))), width);
  kb.forLoop(rowBegin, rowEnd, [&](Value row) {
    SmallVector<Value> coords = kb.decompose(shape, itemDims, row);
    em.prepare(coords);
    Value rowStart = kb.mul(row, width);
    Value jlo = kb.max(kb.sub(kb.begin(), rowStart), kb.i64(0));
    Value jhi = kb.min(kb.sub(kb.end(), rowStart), width);
    auto pos = [&](Value s) { return storageStep(kb, reverse, s, steps); };
    auto offsetAt = [&](ArrayRef<Value> at, Value step) {
      SmallVector<Value> where(at.begin(), at.end());
      where[axis] = step;
      return offsetOf(kb, where, strides);
    };
    // Per channel, T walked with the states carried by the loop, every
    // member's in turn (TargetInfo::channelStateInRegisters, and on the CPU
    // rows narrower than TargetInfo::registerWalkBelowChannels). Exclusive:
    // the state before step s is stored at s.
    auto walkInRegisters = [&] {
      em.beginOuterScope();
      kb.forLoop(jlo, jhi, [&](Value j) {
        auto at = [&](Value t) {
          SmallVector<Value> where(coords);
          where[axis] = t;
          if (inner >= 0)
            where[inner] = j;
          return where;
        };
        auto store = [&](size_t i, Value t, ArrayRef<Value> state) {
          Value off = offsetOf(kb, at(t), strides);
          for (int64_t c = 0; c < group[i].k; ++c)
            if (!group[i].stateOnly[c]) // (the loop carries it)
              kb.store(kb.buffer(outSlots[i][c]), off, state[c],
                       ctx.storageType(group[i].outputs[c]));
        };
        em.beginOuterScope();
        SmallVector<Value> init;
        for (ScanInfo &info : group)
          llvm::append_range(init,
                             info.emit(em, info.init, at(pos(kb.i64(0)))));
        // Parts that do not change along T: once per channel, in registers.
        for (auto &[v, map] : roots)
          em.hoistInvariant(v, map, at(Value()), axis);
        // One step of the walk; `provideStaged` hands back the step's
        // coefficients computed ahead (below), when there are.
        auto walkStep = [&](Value s, ValueRange cur,
                            const std::function<void()> &provideStaged) {
          em.beginScope();
          if (provideStaged)
            provideStaged();
          Value t = pos(s);
          SmallVector<SmallVector<Value>> states;
          size_t first = 0;
          for (size_t i = 0; i < group.size(); ++i) {
            states.emplace_back(cur.begin() + first,
                                cur.begin() + first + group[i].k);
            first += group[i].k;
            providePrevious(i, states.back());
          }
          SmallVector<Value> all;
          for (size_t i = 0; i < group.size(); ++i) {
            ScanInfo &info = group[i];
            if (exclusive)
              store(i, t, states[i]);
            SmallVector<Value> m = info.emit(em, info.m, at(t));
            SmallVector<Value> f = info.emit(em, info.f, at(t));
            SmallVector<Value> next =
                semirings[i]->step(info.matrix, info.forcing, m, f, states[i]);
            if (!exclusive)
              store(i, t, next);
            provideState(i, next);
            llvm::append_range(all, next);
          }
          storeEpilogue(at(t), t);
          return all;
        };
        auto plainStep = [&](Value s, ValueRange cur) {
          return walkStep(s, cur, nullptr);
        };
        // A lone scan (TargetInfo::stagedWalkSteps): T in blocks whose
        // coefficients and forcings are computed first, for every step of
        // the block, into a private array (their loads in flight together),
        // then the chain from it; the steps after the last full block one
        // by one. Members that read each other's states, or an epilogue,
        // keep the plain walk.
        SmallVector<StagedPart> staged = coefficientParts(lead);
        int64_t block = ctx.options.target.stagedWalkSteps;
        if (lead.compute.isF64())
          block /= 2;
        if (block >= 2)
          block = stagedBlockSteps(block, staged.size(),
                                   ctx.options.target.stagedValuesPerItem);
        if (block < 2 || group.size() > 1 || internal(0) ||
            !epilogue.values.empty()) {
          kb.stepLoopCarried(kb.i64(0), steps, init, plainStep);
          em.beginScope();
          return;
        }
        StagedBlock stage(kb, em, lead.compute, std::move(staged), block);
        Value fullBlocks = kb.div(steps, kb.i64(block));
        SmallVector<Value> last = kb.forLoopCarried(
            kb.i64(0), fullBlocks, init, [&](Value b, ValueRange cur) {
              Value first = kb.mul(b, kb.i64(block));
              stage.compute([&](Value j) { return at(pos(kb.add(first, j))); });
              return kb.unrolledLoopCarried(
                  0, block, cur, [&](Value j, ValueRange state) {
                    return walkStep(kb.add(first, j), state,
                                    [&] { stage.provide(j); });
                  });
            });
        kb.stepLoopCarried(kb.mul(fullBlocks, kb.i64(block)), steps, last,
                           plainStep);
        em.beginScope();
      });
    };
    if (inRegisters) {
      walkInRegisters();
      return;
    }
    // The row walk below: its loop over the row's channels vectorises, but
    // each step waits for the state the step before stored (a load that
    // forwards the store); a narrow row (one channel of [B, T, 1]) is a
    // chain of those, 3-4x a loop that keeps the state in a register.
    auto walkRow = [&] {
      em.beginOuterScope();
      if (!invariantParts.empty()) {
        kb.forLoop(jlo, jhi, [&](Value j) {
          em.beginOuterScope();
          SmallVector<Value> at(coords);
          at[axis] = kb.i64(0); // not read: the parts do not depend on T
          at[inner] = j;
          for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
            kb.store(kb.buffer(slot), kb.add(rowStart, j),
                     em.emit(part.first, part.second, at), lead.compute);
        });
      }
      // One step over the row's channels: coefficients at storage step `t`,
      // each member's previous state read back from its results at
      // `prevStep` (the inits when null), the new state written at
      // `writeStep`. The row just written is still in cache, so the states
      // need no storage of their own.
      auto stepRow = [&](Value t, Value prevStep, Value writeStep) {
        // Coefficient parts that do not change along the row (a gate of a
        // [.., K, 1] coefficient read by V state elements) are computed once
        // per step here, not once per element inside the loop.
        em.beginOuterScope();
        if (inner >= 0) {
          SmallVector<Value> rowAt(coords);
          rowAt[axis] = t;
          rowAt[inner] = Value();
          for (auto &[v, map] : roots)
            em.hoistInvariant(v, map, rowAt, inner);
        }
        kb.forLoop(jlo, jhi, [&](Value j) {
          em.beginScope();
          for (auto [part, slot] : llvm::zip(invariantParts, invariantSlots))
            em.provide(
                part.first, part.second,
                kb.load(kb.buffer(slot), kb.add(rowStart, j), lead.compute));
          SmallVector<Value> at(coords);
          at[axis] = t;
          if (inner >= 0)
            at[inner] = j;
          SmallVector<SmallVector<Value>> previous;
          for (size_t i = 0; i < group.size(); ++i) {
            ScanInfo &info = group[i];
            SmallVector<Value> &prev = previous.emplace_back();
            if (!prevStep) {
              prev = info.emit(em, info.init, at);
            } else {
              Value off = offsetAt(at, prevStep);
              for (int64_t c = 0; c < info.k; ++c)
                prev.push_back(
                    kb.load(kb.buffer(outSlots[i][c]),
                            info.stateOnly[c] ? kb.add(rowStart, j) : off,
                            info.compute));
            }
            providePrevious(i, prev);
          }
          for (size_t i = 0; i < group.size(); ++i) {
            ScanInfo &info = group[i];
            SmallVector<Value> &prev = previous[i];
            SmallVector<Value> m = info.emit(em, info.m, at);
            SmallVector<Value> f = info.emit(em, info.f, at);
            SmallVector<Value> next =
                semirings[i]->step(info.matrix, info.forcing, m, f, prev);
            Value off = offsetAt(at, writeStep);
            for (int64_t c = 0; c < info.k; ++c)
              kb.store(kb.buffer(outSlots[i][c]),
                       info.stateOnly[c] ? kb.add(rowStart, j) : off, next[c],
                       info.compute);
            provideState(i, next);
          }
          storeEpilogue(at, writeStep);
        });
      };
      Value any = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sgt,
                                             steps, kb.i64(0));
      if (!exclusive) {
        kb.ifThen(any,
                  [&] { stepRow(pos(kb.i64(0)), Value(), pos(kb.i64(0))); });
        kb.forLoop(kb.i64(1), steps, [&](Value s) {
          stepRow(pos(s), pos(kb.sub(s, kb.i64(1))), pos(s));
        });
      } else {
        // Result t is the state before step t: the inits first, then each
        // step's state one position later.
        kb.ifThen(any, [&] {
          kb.forLoop(jlo, jhi, [&](Value j) {
            em.beginScope();
            SmallVector<Value> at(coords);
            if (inner >= 0)
              at[inner] = j;
            for (size_t i = 0; i < group.size(); ++i) {
              ScanInfo &info = group[i];
              SmallVector<Value> init = info.emit(em, info.init, at);
              Value off = offsetAt(at, pos(kb.i64(0)));
              for (int64_t c = 0; c < info.k; ++c)
                kb.store(kb.buffer(outSlots[i][c]),
                         info.stateOnly[c] ? kb.add(rowStart, j) : off, init[c],
                         info.compute);
            }
          });
        });
        kb.forLoop(kb.i64(0), kb.sub(steps, kb.i64(1)), [&](Value s) {
          stepRow(pos(s), pos(s), pos(kb.add(s, kb.i64(1))));
        });
      }
    };
    walkRow();
  });
  ks.step.range = lead.channels();
  ks.step.itemSize = shape[axis].size();
  // (Tiles of 64 channels for the row walk's vectors; one channel is a
  // whole walk of T in registers.)
  ks.step.minGrain = inner >= 0 && !inRegisters ? 64 : 1;
  // (A register-carried walk is per channel: no rows.)
  if (inner >= 0 && !inRegisters)
    ks.step.rowItems = shape[inner].size();
  guardAlternative(ks.step, lead, guard, threshold, perThread,
                   Alternative::ChannelParallel);
  if (narrow > 0) {
    ks.step.widthGuard = shape[inner].size();
    (inRegisters ? ks.step.widthMax : ks.step.widthMin) = narrow;
  }
  ks.step.deferred = deferred;
  if (inRegisters)
    kb.function()->setAttr(kRolledLoopsAttr, kb.b.getUnitAttr());
  ctx.addStep(ks);
}
} // namespace

void generateChannelParallel(CodegenContext &ctx,
                             MutableArrayRef<ScanInfo> group,
                             runtime::SizeExpr guard, int64_t threshold,
                             bool perThread, const GroupEpilogue &epilogue) {
  const TargetInfo &target = ctx.options.target;
  // With the look-back alternative in the plan too, the kernel compiles
  // only when a call selects it (one call runs one of the two).
  bool alternative = threshold > 0;
  if (target.channelStateInRegisters) {
    addChannelParallelKernel(ctx, group, guard, threshold, perThread, epilogue,
                             ChannelWalk::Registers, 0, alternative);
    return;
  }
  // The row walk's loop over a row's channels vectorises, but each step
  // waits for the state the step before stored (a load that forwards the
  // store): a narrow row (one channel of [B, T, 1]) is a chain of those,
  // 3-4x a loop that keeps the state in a register. Rows narrower than
  // registerWalkBelowChannels get a kernel of that loop instead, chosen
  // when a call runs; both kernels compile only when a call selects them.
  int inner = rowLayoutAround(static_cast<int>(group.front().shape.size()),
                              group.front().axis)
                  .inner;
  int64_t narrow = target.registerWalkBelowChannels;
  if (inner < 0 || narrow <= 1) {
    addChannelParallelKernel(ctx, group, guard, threshold, perThread, epilogue,
                             ChannelWalk::Rows, 0, alternative);
    return;
  }
  addChannelParallelKernel(ctx, group, guard, threshold, perThread, epilogue,
                           ChannelWalk::Registers, narrow, true);
  addChannelParallelKernel(ctx, group, guard, threshold, perThread, epilogue,
                           ChannelWalk::Rows, narrow, true);
}

void remarkScanGroup(CodegenContext &ctx, MutableArrayRef<ScanInfo> group,
                     const GroupEpilogue &epilogue) {
  if (!ctx.options.remarks || group.size() < 2)
    return;
  // Members of one scan block share its location: then only their kinds.
  bool oneLocation = llvm::all_of(group, [&](ScanInfo &info) {
    return info.op.getLoc() == group.front().op.getLoc();
  });
  std::string members;
  for (size_t i = 0; i < group.size(); ++i) {
    members += i ? (i + 1 == group.size() ? " and " : ", ") : "the ";
    if (i && !oneLocation)
      members += "the ";
    members += sl::stringifySemiring(group[i].op.getSemiring()).str();
    auto at = group[i].op.getLoc()->findInstanceOf<FileLineColLoc>();
    if (!oneLocation && at)
      members += " scan at " + std::to_string(at.getLine()) + ":" +
                 std::to_string(at.getColumn());
  }
  emitRemark(group.front().op.getLoc())
      << group.size() << " scans share one channel-parallel kernel (" << members
      << (oneLocation ? " scans of this scan block" : "")
      << "): it walks T once per channel and computes every member's step, "
         "the element-wise values they share once per step"
      << (group.front().schedule.getStrategy() ==
                  sl::ScanStrategy::channel_parallel
              ? ""
              : "; the look-back alternative keeps a kernel set per scan");
  int64_t internal = llvm::count(epilogue.internal, true);
  if (epilogue.values.empty() && !internal)
    return;
  std::string values;
  for (auto [i, v] : llvm::enumerate(epilogue.values))
    values += (i ? ", " : "") + describeOp(v.getDefiningOp());
  InFlightDiagnostic remark = emitRemark(group.front().op.getLoc());
  if (!values.empty())
    remark << "the shared kernel also computes " << values
           << " after the steps, from the states in registers (no kernel "
              "reads them back for it)"
           << (internal ? "; " : "");
  if (internal)
    remark << "the states of " << internal << " of the " << group.size()
           << " scans are read by nothing else, so the shared kernel never "
              "stores them over T (one value per channel)";
}

} // namespace sluice::codegen::cpu
