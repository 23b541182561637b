//===- ScanApplyGroups.h - The look-back's apply as a walk in groups -*- C++
//-*-===//
#ifndef SLUICE_CODEGEN_CPU_SCANAPPLYGROUPS_H
#define SLUICE_CODEGEN_CPU_SCANAPPLYGROUPS_H

#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"

namespace sluice::codegen::cpu {

struct BlockFrame;

/// Whether the look-back's apply kernel walks the last block from its carry
/// in groups of TargetInfo::lookbackApplyGroupSteps consecutive steps
/// instead of re-running its lanes with masks: one state whose map is not
/// structurally zero, in the linear semiring (a tropical one's compositions
/// cost more than its steps, a log-add-exp one's twice the transcendental
/// work), on a target that asks for groups (the CPU).
bool appliesInGroups(const CodegenContext &ctx, const ScanInfo &info);

/// The apply of the look-back block at `fr` from its carry `start`, in
/// groups (ScanApplyGroups.cpp): the results stored into `outSlots` (the
/// scan's outputs, row-major `strides`); the block's steps past the last
/// whole group one at a time.
void applyBlockInGroups(CodegenContext &ctx, KernelBuilder &kb, ExprEmitter &em,
                        ScanInfo &info, SemiringMath &sr, const BlockFrame &fr,
                        mlir::Value start, llvm::ArrayRef<unsigned> outSlots,
                        llvm::ArrayRef<mlir::Value> strides);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANAPPLYGROUPS_H
