//===- KernelMarks.h - Marks from the plan builder to a printer -*- C++ -*-===//
//
// Kernel functions of the plan builder are shared by the backends; these
// marks cross from the builder to the OpenCL printer without being ops of
// their own: a discardable attribute on an scf.for, and the call and
// attribute of a look-back's register tile (ScanTile.h).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_KERNELMARKS_H
#define SLUICE_CODEGEN_KERNELMARKS_H

#include <cstdint>

namespace sluice::codegen {

/// Marks an scf.for that walks a scan's axis (KernelBuilder::
/// stepLoopCarried). Its steps' loads do not depend on the carried state,
/// so the OpenCL printer asks for the loop to be unrolled (SLUICE_STEP_LOOP,
/// stepLoopPrelude in OnePassPrinter.h), which puts several steps' loads in
/// flight at once, unless the loop computes a math function (exp, log, ...:
/// unrolled, those cost more registers than the batch gains); the CPU
/// lowering ignores it (its look-back lanes are interleaved by hand).
constexpr const char *kSteppedLoopAttr = "sluice.step_loop";

/// Marks an scf.for of constant bounds that the OpenCL printer unrolls
/// completely (`#pragma unroll`): a group kernel's block of steps
/// (ScanReduceGroupKernel.cpp), whose loads do not depend on the carried
/// state, so all of them are in flight at once. The CPU lowering ignores it.
constexpr const char *kUnrolledLoopAttr = "sluice.unrolled_loop";

/// The LLVM loop annotation (an LLVM::LoopAnnotationAttr) an scf.for over
/// a vector's lanes asks for (KernelBuilder::laneLoop: vectorise at the
/// given width, do not unroll). The SCF lowering drops it, so the CPU
/// lowering puts it on the loop's back edge itself, where LLVM reads a
/// loop's metadata (Jit.cpp); the OpenCL printer ignores it.
constexpr const char *kLaneLoopAttr = "sluice.lane_loop";

/// On a kernel function: its inner loops run over short rows of state
/// elements (every scan fused with a reduction of its state: Mamba's
/// N = 16, GLA's V; measured at N = 16 and V = 32).
/// The CPU lowering asks LLVM not to interleave its loops, so that a
/// vectorised loop body needs one vector's worth of elements: interleaved
/// four times, the body took 32 floats and a row of 16 ran the scalar
/// remainder loop.
constexpr const char *kShortRowsAttr = "sluice.short_rows";

/// On a kernel function: its loops are chains of dependent steps (the
/// channel-parallel walk with the states in registers), which LLVM's
/// unroller would only lengthen; the CPU lowering marks them
/// `llvm.loop.unroll.disable`, as the look-back kernels' loops.
constexpr const char *kRolledLoopsAttr = "sluice.rolled_loops";

/// The callee of the call in a look-back's tile function (ScanTile.h) that
/// stands for the look-back itself: everything before it computes and
/// stores the tile's aggregates, everything after reads its carry. Only the
/// OpenCL printer's one-pass tile kernel prints such a function (the call
/// becomes the look-back); it declares no body.
constexpr const char *kTileLookbackCallee = "sluice_tile_lookback";

/// The prefix of every callee a tile function calls for its kernel's code.
constexpr const char *kTileCalleePrefix = "sluice_tile_";

/// The other calls of a tile function, which the one-pass tile kernel
/// prints as its own code: a work-group barrier over local memory (no
/// result), and, as i64 values, the work-item's part of its block (the
/// part's steps are the block's steps part * kTileStepsAttr onwards), the
/// parts of a block, the work-item's slot in the tile's local arrays, and
/// the slot distance from one part of a channel to the next.
constexpr const char *kTileBarrierCallee = "sluice_tile_barrier";
constexpr const char *kTilePartCallee = "sluice_tile_part";
constexpr const char *kTilePartsCallee = "sluice_tile_parts";
constexpr const char *kTileSlotCallee = "sluice_tile_slot";
constexpr const char *kTileSpanCallee = "sluice_tile_span";

/// The calls of a flag-word tile function (kTileWordsAttr), printed by the
/// flag-word one-pass kernel (runtime/opencl/KernelAbi.h): publish
/// aggregate word `index` with value `v` (operands i64 index, value; no
/// result); the block whose carry-out the look-back found (an i64, -1:
/// none, the walk passed block 0); the value of carry-out word `index` and
/// of aggregate word `index` (an i64 operand, a result of the compute
/// type); publish carry-out word `index` with value `v` (when the block
/// has a successor).
constexpr const char *kTileWordsPublishAggregateCallee =
    "sluice_tile_words_publish_aggregate";
constexpr const char *kTileWordsFoundCallee = "sluice_tile_words_found";
constexpr const char *kTileWordsCarryCallee = "sluice_tile_words_carry";
constexpr const char *kTileWordsAggregateCallee =
    "sluice_tile_words_aggregate";
constexpr const char *kTileWordsPublishCarryCallee =
    "sluice_tile_words_publish_carry";

/// On a tile function: it is the flag-word variant (a unit attribute; one
/// part a block, the look-back's states composed in the function itself
/// from the words' values, no local arrays, no barrier).
constexpr const char *kTileWordsAttr = "sluice.tile_words";

/// On a tile function: it is the channel-group walk's variant (a unit
/// attribute): it composes no block aggregate and never calls the
/// look-back; its first part's work-item takes the carry into the block
/// (the init, or what the block before stored) through the parts' maps and
/// stores the carry out of the block as the next block's.
constexpr const char *kTileWalkAttr = "sluice.tile_walk";

/// On a walk tile function (with kTileWalkAttr): it is the pair walk (a
/// unit attribute, ScanTile.h's addScanPairsWalk): its work item is the
/// first (even) channel of two neighbouring ones, both computed; its local
/// arrays hold two lanes' values a work-item (lane j of slot l at l * 2 +
/// j), and it reads and writes some bf16 buffers as 32-bit words of two
/// elements.
constexpr const char *kTilePairsAttr = "sluice.tile_pairs";

/// On a tile function: it is the row tile's variant (a unit attribute,
/// ScanTile.h's addScanRowsTile): one channel a tile, whose work-items
/// stage the block's coefficients into local memory at consecutive steps
/// (coalesced where a channel's steps are contiguous), compose the parts'
/// maps and the passed blocks' aggregates as trees in local memory, and
/// store the results from local memory at consecutive steps.
constexpr const char *kTileRowsAttr = "sluice.tile_rows";

/// The calls of a row tile function (kTileRowsAttr), printed by the row
/// one-pass kernel (runtime/opencl/KernelAbi.h), as i64 values: the
/// rounds of a tree over the parts (ceil(log2(parts))), and the block
/// before the tile whose carry-out the look-back found (-1: none, the
/// init); and (no result) publish the block's carry-out, which one
/// work-item stored just before (a fence, a barrier, the flag).
constexpr const char *kTileRoundsCallee = "sluice_tile_rounds";
constexpr const char *kTileRowsFromCallee = "sluice_tile_rows_from";
constexpr const char *kTileRowsPublishCarryCallee =
    "sluice_tile_rows_publish_carry";

/// The lane calls of a row tile function's trees (kTileRowsAttr), printed
/// by the row one-pass kernel: within a warp of kTileLaneWidth parts, the
/// value of the part `distance` lanes before (operands: the work-item's
/// own value in the compute type, the i64 distance, and the i64 place of
/// that part's value in the kernel's exchange array; a result of the
/// compute type), put this work-item's value at a place of the exchange
/// array (operands: the i64 place, the value; no result), and the sync
/// between puts and reads (no operands, no result). Where the device has
/// warp shuffles (SLUICE_PTX_SHUFFLE) the read is a shuffle and the put
/// and the sync print nothing; elsewhere the put stores to local memory,
/// the sync is a barrier and the read loads the place.
constexpr const char *kTileLaneUpCallee = "sluice_tile_lane_up";
constexpr const char *kTileLanePutCallee = "sluice_tile_lane_put";
constexpr const char *kTileLaneSyncCallee = "sluice_tile_lane_sync";
/// The parts a warp of the lane calls holds, and the rounds of distance
/// 1, 2, 4, ... that scan them (log2 of it).
constexpr int64_t kTileLaneWidth = 32;
constexpr int64_t kTileLaneRounds = 5;

/// On a row tile function: the rows of its local array of staged values
/// (an i64: the coefficients present a step, at least 1; the results
/// reuse the rows).
constexpr const char *kTileStageRowsAttr = "sluice.tile_stage_rows";

/// The calls of a group kernel (a scan fused with its sum in work-groups,
/// kGroupKernelAttr, runtime/opencl/KernelAbi.h), printed by its template:
/// the work-item's lane in its reduction group (an i64), and the term of
/// step j of the current block (operands: the value, in the compute type,
/// the i64 offset of its group's sum in the output buffer and the i64 j;
/// no result), and the block's sums, after its steps (operand: the i64
/// count of its steps inside T; no result).
constexpr const char *kTileGroupLaneCallee = "sluice_tile_group_lane";
constexpr const char *kTileGroupAddCallee = "sluice_tile_group_add";
constexpr const char *kTileGroupSumsCallee = "sluice_tile_group_sums";

/// On a kernel function: it is a group kernel (its `begin` is the
/// work-item's reduction group; an i64 attribute: the slot of the buffer
/// its sums go to), its blocks of kGroupKernelStepsAttr steps (an i64: the
/// rows of its local array of terms), and, with kGroupKernelMeanAttr (a
/// unit attribute), each sum is divided by the lanes (a mean).
constexpr const char *kGroupKernelAttr = "sluice.group_kernel";
constexpr const char *kGroupKernelStepsAttr = "sluice.group_steps";
constexpr const char *kGroupKernelMeanAttr = "sluice.group_mean";

/// On a tile function: its plan buffers by slot (an i32 array), as a
/// kernel step's Step::buffers (the function is not a plan step), where
/// kTilePartAggregates and kTilePartCarries stand for the work-group's
/// local arrays of part aggregates (k * k + k per slot) and carries into
/// the parts (k per slot), of the scan's compute type; a row tile's
/// (kTileRowsAttr) also kTileStage, the staged coefficients and results
/// (kTileStageRowsAttr rows of a block's steps, padded by one element
/// every 32: kTileStagePadding), and kTileWindowAggregates, the
/// look-back's window of blocks' aggregates (k * k + k per slot).
constexpr const char *kTileBuffersAttr = "sluice.tile_buffers";
constexpr int32_t kTilePartAggregates = -1;
constexpr int32_t kTilePartCarries = -2;
constexpr int32_t kTileStage = -3;
constexpr int32_t kTileWindowAggregates = -4;
/// A row tile stages step t of a block at t + t / kTileStagePadding of its
/// row: work-item p reading its part's steps 16 p + i, the work-items of a
/// warp hit different banks.
constexpr int64_t kTileStagePadding = 32;

/// On a tile function: the scan's state size k (an i64) and compute type
/// (a type attribute, f32 or f64): the size and element type of its local
/// arrays.
constexpr const char *kTileStatesAttr = "sluice.tile_states";
constexpr const char *kTileComputeAttr = "sluice.tile_compute";

/// On a tile function: the steps per part it holds in registers (a block
/// of the run-time chunk is chunk / steps parts, one work-item each).
constexpr const char *kTileStepsAttr = "sluice.tile_steps";

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_KERNELMARKS_H
