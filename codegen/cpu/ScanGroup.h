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

namespace sluice::codegen::cpu {

/// The scans generated with `first` in one channel-parallel kernel: `first`,
/// then the later scans of its block (in block order) with the same shape,
/// axis, direction, exclusiveness, compute type and `#sl.schedule`, each
/// reading a per-step tensor that another member reads, or the state of an
/// earlier member (at the same step, or through a shift along the axis to
/// an earlier step, forward and inclusive only). Every value a member reads
/// is either in a buffer already or computed inline from buffers and the
/// earlier members, so the group may run where `first` stands. Just `first`
/// with fusion off or with a scan-reduce fusion in its schedule.
llvm::SmallVector<sl::ScanOp> findScanGroup(CodegenContext &ctx,
                                            sl::ScanOp first);

/// The channel-parallel kernel of `group` (one scan, or a group from
/// findScanGroup, in that order; every member's outputs allocated and in
/// ctx.buffers): guarded by `guard` >= `threshold` (per thread with
/// `perThread`), deferred when `threshold` > 0 (the look-back is then the
/// other alternative).
void generateChannelParallel(CodegenContext &ctx,
                             llvm::MutableArrayRef<ScanInfo> group,
                             runtime::SizeExpr guard, int64_t threshold,
                             bool perThread);

/// With CpuOptions::remarks: which scans share the group's kernel.
void remarkScanGroup(CodegenContext &ctx, llvm::MutableArrayRef<ScanInfo> group);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANGROUP_H
