//===- ScanTile.h - A look-back block held in registers ---------*- C++ -*-===//
//
// The one-pass look-back (codegen/opencl/OnePassPrinter.h) runs a block's
// aggregate, waits for its carry, then its apply; built from the three
// kernels of the Lookback step, the apply reads the block's inputs again,
// from DRAM when the blocks in flight outgrow the L2. The tile function
// reads them once: a block of the run-time chunk is cut into parts of
// TargetInfo::lookbackTileSteps steps, one work-item each, which holds its
// part's coefficients in registers (straight-line code, no loop) and puts
// the part's aggregate in the work-group's local array; after a barrier
// the first part's work-item composes the block's aggregate from them (the
// aggregate kernel's bits when the block is one part); a call to
// kTileLookbackCallee (KernelMarks.h) stands for the look-back, which
// leaves the carry into the block; the first part's work-item walks it
// through the parts' maps (their steps where a map is not finite, as the
// carry kernel does) into the local array of part carries; after another
// barrier each work-item applies its part from its registers. It is not a
// plan step: the OpenCL printer prints its body inside the one-pass tile
// kernel, its calls (KernelMarks.h) replaced by the kernel's own code.
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SCANTILE_H
#define SLUICE_CODEGEN_CPU_SCANTILE_H

#include "codegen/cpu/CodegenContext.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/ScanMath.h"

#include <string>

namespace sluice::codegen::cpu {

/// Whether `info`'s look-back gets tile functions: the target asks for them
/// (TargetInfo::lookbackTileSteps > 0), the chunk is a run-time dim, each
/// block is one lane, and the state is small enough to hold (k <=
/// kMaxWalkStates for the walk; the other tiles want k <= kMaxTileStates).
bool wantsScanTile(const CodegenContext &ctx, const ScanInfo &info);

/// The largest state size k of the tiles that compose the parts' maps into
/// a block's (TileKind::Parts and Words): a k = 2 oscillator such as LinOSS
/// loses accuracy in f32 there (relative error 1.7e-4 at T = 3000 with 32
/// steps per block).
constexpr int64_t kMaxTileStates = 1;

/// The largest state size k of the walk (TileKind::Walk) of a linear scan;
/// the walk composes no maps, and its registers grow with the values held
/// per step (those constant along the axis are held once, not per step).
/// LinOSS's walk held every coefficient per step at first, 96 registers and
/// 2x slower than the plain one pass on the H200; held once, 72 registers
/// and 1.6x faster than it (benchmarks/NOTES.md "Twenty-sixth session").
/// The walk of a two-state log-add-exp scan (an HMM's forward pass) came
/// out wrong on PoCL at its default optimisation and right at
/// -cl-opt-disable: other semirings keep k <= kMaxTileStates.
constexpr int64_t kMaxWalkStates = 2;

/// Adds the tile function `name` of `info`'s look-back, of `steps` steps a
/// part, to the deferred module: a kernel over items (block * C +
/// channel), one part per work-item, that leaves the block's aggregate in
/// `agg` (the aggregate kernel's layout), calls the look-back, reads the
/// block's carry from `carry` and writes the results (the apply kernel's
/// stores). Valid only when the chunk dim is a multiple of `steps`
/// (kTileStepsAttr says which). With `words`, the flag-word variant
/// (kTileWordsAttr; the chunk must equal `steps`): one part a block, its
/// aggregate kept in registers and published through kTileWords*Callee
/// calls (KernelMarks.h), the carry into the block composed from the
/// look-back's words by the function itself (as the carry kernel: the
/// three passes' bits), `agg` and `carry` left alone. With TileKind::Walk,
/// the channel-group walk's variant (kTileWalkAttr): parts as the plain
/// tile's, but no block aggregate and no look-back call: the first part's
/// work-item reads the carry into the block from `carry` (the init in
/// block 0), walks it through the parts' maps and stores the carry out of
/// the block as the next block's, so `agg` is neither written nor read and
/// no map is multiplied by a map. The OpenCL target asks for `AGG_tile`
/// of TargetInfo::lookbackTileSteps, `AGG_tile_walk` of
/// TargetInfo::lookbackWalkSteps and, for an f32
/// scan of one state, the flag-word `AGG_tile_words` of
/// TargetInfo::lookbackWordsSteps.
/// Which tile function addScanTile makes.
enum class TileKind {
  /// Parts of a block composed in local memory, for the one pass's look-back.
  Parts,
  /// The flag-word variant (kTileWordsAttr).
  Words,
  /// The channel-group walk's variant (kTileWalkAttr).
  Walk,
};

void addScanTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                 int32_t carry, const std::string &name, int64_t steps,
                 TileKind kind = TileKind::Parts);

/// Marks the kernel of `ks` (built, finished) as a tile function for the
/// OpenCL printer: its buffers (kTileBuffersAttr), `steps` steps a part,
/// `k` states and its compute type; the variant's own unit attribute is
/// the caller's (kTileWordsAttr, kTileWalkAttr, ...).
void markTileFunction(KernelStep &ks, int64_t steps, int64_t k,
                      mlir::Type compute);

/// Adds the pair walk tile function `name` (kTileWalkAttr and
/// kTilePairsAttr; ScanTilePairs.cpp) of `info`'s look-back, of `steps`
/// steps a part: the walk tile (TileKind::Walk) of two neighbouring
/// channels a work-item, the item and item + 1 along the channels' last
/// dim (LanePairs.h), phase by phase, so that a bf16 input laid out with
/// that dim last is read as one 32-bit word for both channels and a bf16
/// result is stored as one. Where that dim's extent is odd (the pair would
/// straddle two rows) each lane loads its own elements (a branch the whole
/// launch takes alike). Only for a linear scan of one state and one
/// output; returns false, adding nothing, for another scan or where no
/// input is read two elements at once (the plain walk does as well).
bool addScanPairsWalk(CodegenContext &ctx, ScanInfo &info, int32_t carry,
                      const std::string &name, int64_t steps);

/// Adds the row tile function `name` of `info`'s look-back (kTileRowsAttr,
/// ScanTileRows.cpp), of `steps` steps a part, to the deferred module, for
/// a scan of one f32 state whose coefficients are f32 (else adds nothing
/// and returns false). One channel a tile: the work-group's L work-items
/// stage the block's coefficients into the local array kTileStage (steps
/// j * L + l by work-item l: consecutive addresses where the channel's
/// steps are contiguous; the identity past T), each then composes its
/// part's map from there; the parts' maps are scanned in two levels, within
/// warps of kTileLaneWidth parts through the lane calls (KernelMarks.h),
/// then the warps' maps in local memory (each part gets the map of the
/// block's steps up to its own); the
/// last part's is the block's aggregate, stored in `agg` for the
/// look-back, which finds the nearest block before whose carry-out `carry`
/// holds (kTileRowsFromCallee); the aggregates of the blocks between are
/// composed by the same scan, a window of L blocks at a time, into the
/// carry into the block; its carry-out (not its carry-in, as in the other
/// tiles) goes to `carry` and is published; each part's carry comes
/// through the map of the parts before it, and the results go to memory
/// through the local array, at consecutive steps again. Where a composed
/// map or a state is not finite, the steps behind it are walked
/// (throughSteps). Valid when the chunk is `steps` times the work-group
/// size.
bool addScanRowsTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                     int32_t carry, const std::string &name, int64_t steps);

/// The map (M row-major, then f; k * k + k values) of `earlier`'s steps
/// then `later`'s: each run of `earlier` (from a basis state, and from
/// zero with the forcing) through `later`, as runs of the composition
/// (SemiringMath::step's `run`). The register tile composes its parts so,
/// the row tile its trees' slots.
llvm::SmallVector<mlir::Value> composeMaps(SemiringMath &sr, int64_t k,
                                           llvm::ArrayRef<mlir::Value> earlier,
                                           llvm::ArrayRef<mlir::Value> later);

/// A call of `callee` (declared once in the module, without a body) on
/// `operands`: the look-back and the barrier (`result` null) or one of the
/// tile's values (KernelMarks.h), which the OpenCL printer prints as its
/// kernel's own code (also the group kernels', ScanReduceGroupKernel.cpp).
mlir::Value callTile(KernelBuilder &kb, const char *callee,
                     mlir::Type result = {}, mlir::ValueRange operands = {});

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANTILE_H
