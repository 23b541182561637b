//===- OnePassPrinter.h - A Lookback step as one OpenCL kernel --*- C++ -*-===//
//
// Prints the single-pass chunked scans with decoupled look-back of a
// Lookback step (runtime/opencl/KernelAbi.h): `AGG_onepass`, calling the
// `_items` functions the kernel printer printed for the step's aggregate,
// carry and apply kernels; `AGG_onepass_tile`, the register tile (a tile
// function's body inline, codegen/cpu/ScanTile.h); `AGG_onepass_words`,
// the flag-word one pass (the flag-word tile function's body inline);
// `AGG_walk`, the channel-group walk (the tile function's body inline, in
// a loop over the blocks).
// Internal to codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H
#define SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H

#include "runtime/Plan.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::codegen::opencl {

/// The polls a waiting work-group makes before it gives up
/// (SLUICE_LOOKBACK_SPIN_LIMIT; a -D build option overrides it).
constexpr const char *kDefaultSpinLimit = "(1L << 26)";

/// The definitions a program with one-pass kernels starts with:
/// SLUICE_LOOKBACK_SPIN_LIMIT and SLUICE_DEVICE_FENCE() (a memory fence for
/// the whole device: OpenCL 1.2's mem_fence orders memory only for the
/// work-group, which NVIDIA compiles to membar.cta, so NVIDIA's compiler,
/// known by its cl_nv_pragma_unroll macro, gets PTX membar.gl).
std::string onePassPrelude();

/// The blocks whose flags a one-pass kernel's look-back reads at once (both
/// kernels: AGG_onepass and AGG_onepass_tile).
constexpr int kLookbackWindow = 32;

/// The steps a loop walking a scan's axis unrolls (SLUICE_STEP_UNROLL, a
/// -D build option overrides it; 0 leaves it to the OpenCL compiler).
constexpr const char *kDefaultStepUnroll = "8";
/// The same for the row one pass's loops (SLUICE_ROWS_STEP_UNROLL, a
/// build option; SLUICE_STEP_UNROLL where only that is set): on an H100
/// its kernels ran 4-8% faster at 4 than at 8 (benchmarks/NOTES.md,
/// "Thirty-ninth session"), 10-15% slower at 2 and 16.
constexpr const char *kDefaultRowsStepUnroll = "4";

/// The definitions every program starts with: SLUICE_STEP_LOOP, the unroll
/// request printed before each loop marked kSteppedLoopAttr (KernelMarks.h).
std::string stepLoopPrelude();

/// What the buffers of a one-pass kernel are to its work-groups.
struct OnePassBuffers {
  /// Written by the aggregate or the carry kernel, read by other
  /// work-groups in the same launch: plain pointers (read through volatile
  /// ones in the `_items` functions), never the read-only data path.
  std::set<int32_t> shared;
  /// Written by the apply kernel (each element by one work-item, read by
  /// none): `restrict`. The rest are only read: `const restrict`.
  std::set<int32_t> applied;
};

/// Appends the one-pass kernel of `lookback` (a Lookback step of `plan`
/// whose three kernels were printed with their `_items` functions) to
/// `out`: `dims` long params after the buffers, and
/// reqd_work_group_size(requiredWorkGroupSize) when that is > 0; `roles`
/// says which buffers may be `restrict`.
void printOnePassKernel(const runtime::Step &lookback,
                        const runtime::Plan &plan, int dims,
                        int64_t requiredWorkGroupSize,
                        const OnePassBuffers &roles, std::string &out);

struct KernelParams;

/// The name a one-pass kernel gives the local array that tile functions
/// address as plan buffer `buffer` (kTilePartAggregates, kTilePartCarries,
/// kTileStage, kTileWindowAggregates: KernelMarks.h), else null.
const char *localArrayName(int32_t buffer);

/// The slot (u<slot>) of each plan buffer of a one-pass kernel of
/// `lookback` (runtime::opencl::lookbackOnePassBuffers' order).
std::map<int32_t, size_t> slotsOf(const runtime::Step &lookback);

/// Appends the head of one-pass kernel `name` to `out`: the `comment` line,
/// the buffers' legend, the required work-group size and the signature up
/// to the dims (then a new line and `indent`, returned through it); the
/// buffers others write in the launch are volatile when `volatileShared`.
/// Returns the dims' arguments (", d0, d1...").
std::string printOnePassHead(const runtime::Step &lookback,
                             const runtime::Plan &plan, int dims,
                             int64_t requiredWorkGroupSize,
                             const OnePassBuffers &roles,
                             const std::string &name,
                             const std::string &comment, bool volatileShared,
                             std::string &indent, std::string &out);

/// The parameters of tile function `tile` printed into a one-pass kernel
/// of buffer slots `slotOf` (its local arrays named by localArrayName, its
/// item `item`); tileCalls left to the caller.
KernelParams tileBodyParams(mlir::func::FuncOp tile, const runtime::Plan &plan,
                            const std::map<int32_t, size_t> &slotOf,
                            int dims);

/// The tile calls of a kernel that runs tile function parts (the register
/// tile, the walk, the row tile): its variables `part`, `parts`, `l` and
/// `span`, a local barrier, and `lookback` for the look-back call.
std::map<std::string, std::string> partTileCalls(const std::string &lookback);

/// The steps a look-back tile function (codegen/cpu/ScanTile.h) holds, 0
/// for a function without kTileStepsAttr.
int64_t tileSteps(mlir::func::FuncOp tile);

/// Whether tile function `tile` can be printed into `lookback`'s one-pass
/// tile kernel: it says its steps and buffers, and every buffer is one of
/// the step's.
bool tileFits(mlir::func::FuncOp tile, const runtime::Step &lookback);

struct ProgramNeeds;

/// Appends the register-tile one-pass kernel of `lookback`
/// (`AGG_onepass_tile`, KernelAbi.h), which the executor runs instead of
/// `AGG_onepass` when the chunk is tileSteps(tile): the one pass with
/// `tile`'s body inline (its look-back call replaced by the look-back),
/// the parameters as printOnePassKernel's.
void printOnePassTileKernel(const runtime::Step &lookback,
                            const runtime::Plan &plan, int dims,
                            int64_t requiredWorkGroupSize,
                            const OnePassBuffers &roles,
                            mlir::func::FuncOp tile, ProgramNeeds &needs,
                            std::string &out);

/// Appends the channel-group walk kernel of `lookback` (`AGG_walk`,
/// KernelAbi.h): a work-group per group of channels walks every block in
/// order, `tile`'s body inline (the tile function of
/// printOnePassTileKernel) with its look-back call replaced by the carry
/// kernel's `_items` call on the block's item (from the block before's
/// carry and aggregate, which the same work-item wrote a round before).
/// The parameters as printOnePassKernel's.
void printWalkKernel(const runtime::Step &lookback, const runtime::Plan &plan,
                     int dims, int64_t requiredWorkGroupSize,
                     const OnePassBuffers &roles, mlir::func::FuncOp tile,
                     ProgramNeeds &needs, std::string &out);

/// Whether tile function `tile` holds one state in f32 (its
/// kTileStatesAttr and kTileComputeAttr).
bool holdsOneF32State(mlir::func::FuncOp tile);

/// Whether tile function `tile` can be printed into `lookback`'s
/// flag-word one-pass kernel: it is a flag-word tile function
/// (kTileWordsAttr) that fits (tileFits), holds one f32 state (its words
/// are a 32-bit tag over a 32-bit value) and has kOnePassWordsSteps steps
/// (KernelAbi.h).
bool wordsFit(mlir::func::FuncOp tile, const runtime::Step &lookback);

/// Appends the flag-word one-pass kernel of `lookback`
/// (`AGG_onepass_words`, KernelAbi.h): one work-item a block of a channel,
/// `tile`'s body inline (a flag-word tile function that wordsFit), its
/// look-back on its own channel through tagged 64-bit words (no local
/// array, fence or barrier but the ticket's); the other parameters as
/// printOnePassKernel's.
void printOnePassWordsKernel(const runtime::Step &lookback,
                             const runtime::Plan &plan, int dims,
                             int64_t requiredWorkGroupSize,
                             const OnePassBuffers &roles,
                             mlir::func::FuncOp tile, ProgramNeeds &needs,
                             std::string &out);

/// Whether tile function `tile` is a row tile (kTileRowsAttr) that fits
/// (tileFits) `lookback`'s row one-pass kernel.
bool rowsFit(mlir::func::FuncOp tile, const runtime::Step &lookback);

/// Appends the row one-pass kernel of `lookback` (`AGG_onepass_rows`,
/// KernelAbi.h; OnePassRowsPrinter.cpp): one channel a tile, the work-group
/// its parts, `tile`'s body inline (a row tile function that rowsFit) with
/// the look-back of the register tile's kernel finding the nearest block
/// with its carry-out published; the parameters as printOnePassKernel's.
void printOnePassRowsKernel(const runtime::Step &lookback,
                            const runtime::Plan &plan, int dims,
                            int64_t requiredWorkGroupSize,
                            const OnePassBuffers &roles,
                            mlir::func::FuncOp tile, ProgramNeeds &needs,
                            std::string &out);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H
