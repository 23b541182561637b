//===- ScanGroup.h - Scans that share one channel-parallel kernel -*- C++ -*-===//
//
// Scans of one block over the same shape and axis that read the same
// per-step tensors (RWKV-4's numerator and denominator read the same
// exponentials; two EMAs of one input), or read one another's state at the
// same or an earlier step (RWKV-4's max-stabiliser read by both), are
// generated as one channel-parallel kernel (ScanGroupKernel.cpp): it walks T
// once per channel, computes every member's step, and emits the element-wise
// subexpressions they share once per step.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SCANGROUP_H
#define SLUICE_CODEGEN_CPU_SCANGROUP_H

#include "codegen/cpu/ScanInfo.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace sluice::codegen::cpu {

/// The most element-wise ops (as a graph) a member or an epilogue value
/// computes inline in a group's kernel: the plan builder's bound on one
/// fused value.
constexpr int64_t kMaxGroupInlineOps = 1024;

/// The most scans in one group: LLVM's time on one kernel grows faster than
/// its size, so a block of many scans over one input (a bank of EMAs) is
/// cut into kernels of this many.
constexpr size_t kMaxGroupMembers = 8;

/// What a value read in a group's kernel needs: walks its element-wise
/// producers (those a kernel computes inline) down to buffers and members.
class OperandCone {
public:
  /// `members`: the results of the group's scans; `rank`, `axis`: the
  /// space and its scan axis (absolute); the group's direction and
  /// exclusiveness.
  OperandCone(CodegenContext &ctx, const llvm::DenseSet<mlir::Value> &members,
              int rank, int axis, bool reverse, bool exclusive)
      : ctx(ctx), members(members), rank(rank), axis(axis), reverse(reverse),
        exclusive(exclusive) {}

  /// Visits `v`; returns whether its cone reads a member.
  bool visit(mlir::Value v);

  /// False when the value cannot be computed in the kernel: it reads a
  /// value no kernel has computed yet (an op not generated), or a member's
  /// state where the walk has not been (a later step, another channel), or
  /// any member's state in an exclusive group.
  bool ok = true;
  /// Whether it reads a member's state.
  bool readsMember = false;
  /// The buffers it reads that have the space's rank (per-step tensors).
  llvm::DenseSet<mlir::Value> stepLeaves;
  /// Element-wise ops it computes inline.
  int64_t ops = 0;

private:
  /// Whether a shift of a member's state reads a step the walk has done.
  bool readsEarlierStep(sl::ShiftOp shift) const;

  CodegenContext &ctx;
  const llvm::DenseSet<mlir::Value> &members;
  int rank, axis;
  bool reverse, exclusive;
  llvm::DenseMap<mlir::Value, bool> readsMemberOf;
};

/// The scans generated with `first` in one channel-parallel kernel (at most
/// kMaxGroupMembers): `first`, then later scans of its block (in block
/// order) with the same shape, axis, direction, exclusiveness, element type
/// and `#sl.schedule`, each reading a per-step tensor that another member
/// reads, or the state of an earlier member (at the same step, or through a
/// shift along the axis to a step the walk has done; never in exclusive
/// scans). Every value a member reads is either in a buffer already or
/// computed inline from buffers and the earlier members, so the group may
/// run where `first` stands. Just `first` with fusion off or with a
/// scan-reduce fusion in its schedule.
llvm::SmallVector<sl::ScanOp> findScanGroup(CodegenContext &ctx,
                                            sl::ScanOp first);

/// What a group's kernel computes after its members' steps.
struct GroupEpilogue {
  /// Element-wise values of the group's shape read by other kernels or
  /// returned (RWKV-4's `wkv`), each computed from the members' states at
  /// the step and the step before, in block order: the kernel stores them.
  llvm::SmallVector<mlir::Value> values;
  /// Per member (group order): whether its states are read only inside the
  /// kernel (by later members and `values`, at the step or through a shift
  /// by one step), so the channel-parallel kernel never stores them over T.
  llvm::SmallVector<bool> internal;
  /// The element-wise ops between the members and `values` that no other
  /// kernel reads: the plan builder skips them.
  llvm::SmallVector<mlir::Operation *> inside;
  /// The buffer of each value (given by the plan builder).
  llvm::SmallVector<int32_t> buffers;
};

/// The epilogue of a group of at least two inclusive scans
/// (ScanGroupEpilogue.cpp); empty when a value downstream of the members
/// cannot be computed in the kernel (then every member is stored and the
/// values are computed by their own kernels, as without a group).
GroupEpilogue findGroupEpilogue(CodegenContext &ctx,
                                llvm::ArrayRef<sl::ScanOp> group);

/// The channel-parallel kernel of `group` (one scan, or a group from
/// findScanGroup, in that order; every member's outputs allocated, an
/// internal member's as buffers of one value per channel, `stateOnly`), and
/// of the epilogue (its values not in ctx.buffers yet): guarded by `guard` >= `threshold` (per thread with
/// `perThread`), deferred when `threshold` > 0 (the look-back is then the
/// other alternative).
void generateChannelParallel(CodegenContext &ctx,
                             llvm::MutableArrayRef<ScanInfo> group,
                             runtime::SizeExpr guard, int64_t threshold,
                             bool perThread,
                             const GroupEpilogue &epilogue = {});

/// With CpuOptions::remarks: which scans share the group's kernel, what it
/// computes after their steps and which states it never stores over T.
void remarkScanGroup(CodegenContext &ctx, llvm::MutableArrayRef<ScanInfo> group,
                     const GroupEpilogue &epilogue);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANGROUP_H
