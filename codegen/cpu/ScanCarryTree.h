//===- ScanCarryTree.h - The look-back's carries as a tree ------*- C++ -*-===//
//
// The look-back scan's carry pass (ScanKernels.cpp, kernel B) walks the
// blocks of a channel in order: with few channels and many blocks (one
// channel of 2^28 steps in blocks of 256 is a chain of 2^20 carries) that
// chain is the whole run time on a GPU. The carry tree shortens it: level l
// groups G consecutive nodes of level l - 1 (level 0: the blocks) into one
// node whose map composes theirs; a serial pass walks only the top level;
// then each level's carries expand into the next level's, in parallel
// across nodes. G is a run-time value (a dims slot the executor sets), so
// the executor picks the levels and G from the block count of the call.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SCANCARRYTREE_H
#define SLUICE_CODEGEN_CPU_SCANCARRYTREE_H

#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"

namespace sluice::codegen::cpu {

/// Where one work item of the look-back kernels sits: block q of T, channel c.
struct BlockFrame {
  llvm::SmallVector<mlir::Value> coords; ///< channel coordinates (axis unset)
  mlir::Value item, block, steps;
  /// C, the channel count (the product of the dims other than the axis): the
  /// same channel's item in the next block is item + C.
  mlir::Value channels;
};

/// The frame of look-back work item `item` (block-major: item = block * C
/// + channel). Defined in ScanKernels.cpp.
BlockFrame blockFrame(KernelBuilder &kb, ScanInfo &info, mlir::Value item);

/// Whether every value of `values` is finite (false for NaN).
mlir::Value allFinite(KernelBuilder &kb, llvm::ArrayRef<mlir::Value> values);
/// Whether a linear scan walks the steps behind the map (`m`, `f`) from
/// `state` (or a carry-tree node's children's maps) instead of composing:
/// the state or the map is not finite, or, with k > 1 states, an entry of
/// `m` is too large to compose with (kLargestComposedEntry in
/// ScanKernels.cpp). Defined in ScanKernels.cpp.
mlir::Value mustWalk(KernelBuilder &kb, const ScanInfo &info,
                     llvm::ArrayRef<mlir::Value> state,
                     llvm::ArrayRef<mlir::Value> m,
                     llvm::ArrayRef<mlir::Value> f);

/// Whether map `m` of a linear scan of k > 1 states has every entry at
/// most kLargestComposedEntry in size (false for a NaN or infinite entry;
/// true for k = 1): the map part of mustWalk's test, which a map constant
/// along the axis needs once. Defined in ScanKernels.cpp.
mlir::Value composableMap(KernelBuilder &kb, const ScanInfo &info,
                          llvm::ArrayRef<mlir::Value> m);

/// The state after lane `g` of block `block` (channel `coords`) from state
/// `s`, through the lane's aggregate map (`m`, `f`), walking the lane's
/// steps instead where a linear scan's state or map is not finite (and
/// `stepwiseAllowed`, when given, holds). Defined in ScanKernels.cpp.
llvm::SmallVector<mlir::Value>
throughLane(KernelBuilder &kb, ExprEmitter &em, ScanInfo &info,
            SemiringMath &sr, llvm::ArrayRef<mlir::Value> coords,
            mlir::Value block, mlir::Value g, llvm::ArrayRef<mlir::Value> s,
            llvm::ArrayRef<mlir::Value> m, llvm::ArrayRef<mlir::Value> f,
            mlir::Value stepwiseAllowed = {});

/// As throughLane, for the `count` steps from iteration step `first` (those
/// inside the axis) of channel `coords`, whose map is (`m`, `f`).
llvm::SmallVector<mlir::Value>
throughSteps(KernelBuilder &kb, ExprEmitter &em, ScanInfo &info,
             SemiringMath &sr, llvm::ArrayRef<mlir::Value> coords,
             mlir::Value first, mlir::Value count,
             llvm::ArrayRef<mlir::Value> s, llvm::ArrayRef<mlir::Value> m,
             llvm::ArrayRef<mlir::Value> f, mlir::Value stepwiseAllowed = {});

/// Adds the carry tree's kernels to the Lookback step being built (after
/// its aggregate, carry and apply kernels, which must already be in
/// `ctx.stepSink`), TargetInfo::carryTreeLevels levels of them: for level
/// l = 1..L, `compose` (each node's map from its G children's, one work
/// item per (node, channel)), `top` (the serial carry over level l's nodes,
/// one work item per channel) and `expand` (each node's carry into its G
/// children's, one work item per (node, channel)). `agg` holds the lanes'
/// aggregates per (block, channel), `carry` the block carries; `blocks` is
/// the block count. Sets `lookbackStep.counter` to the dims slot of G.
/// Nothing when the target has no levels.
void addCarryTree(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                  int32_t carry, const runtime::SizeExpr &blocks,
                  runtime::Step &lookbackStep);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANCARRYTREE_H
