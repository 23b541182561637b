//===- KernelAbi.h - How a plan's kernels look in OpenCL C ------*- C++ -*-===//
//
// The contract between the OpenCL code generator (codegen/opencl), which
// prints every kernel of a plan as an OpenCL C 1.2 `__kernel`, and the plan
// executor (runtime/opencl/PlanExecutor.h), which launches them. Pure C++17.
//
// A plan kernel NAME (Step::name) whose step lists n buffers, in a plan with
// m = dimNames.size() + numCounters dim values, is
//
//   __kernel void NAME(__global E0 *b0, ..., __global E(n-1) *b(n-1),
//                      long d0, ..., long d(m-1),
//                      long first, long count, long stride,
//                      long repeats, long repeatStride)
//
// - b<s> is the step's s-th buffer; E is openclElementType(its dtype): f16
//   is `half` (read and written with vload_half/vstore_half, math in f32),
//   bf16 is `ushort` (the upper half of an f32), f32 `float`, f64 `double`.
// - d<j> is the model dim j (the plan's dimNames order), then the loop
//   counters (Step::counter indexes this list).
// - Work-item g = get_global_id(0) with g < count runs, for r = 0, 1, ...,
//   repeats - 1 in order, the CPU kernel's work items [begin, begin + stride)
//   where begin = first + r * repeatStride + g * stride. Work-items with
//   g >= count return at once (the global size is rounded up to the
//   work-group size). A kernel with large private arrays declares
//   __attribute__((reqd_work_group_size(N, 1, 1))); the executor launches
//   it with work-groups of exactly N.
//
// The executor uses it so: a Kernel step runs count = range, stride = 1
// (a `sequential` step: count = 1, stride = range); a Lookback step runs its
// aggregate kernel over every block's items at once (count = blocks *
// blockItems), its carry kernel with count = blockItems, repeats = blocks,
// repeatStride = blockItems (each work-item walks the blocks of its items
// in order), then its apply kernel like the aggregate (three passes, no
// work-group ever waits on another), unless it runs the one-pass kernel.
// The aggregate and apply (where they have `_items` functions) each have a
// second kernel, NAME_rows (rowsKernelName), for rows (Step::stepStride 1):
//
//   __kernel void NAME_rows(__global E0 *b0, ..., long d0, ..., long d(m-1),
//                           long first, long count, long blocks,
//                           long channels)
//
// whose work-item g (first + g < count) runs the one item
// ((first + g) mod blocks) * channels + (first + g) / blocks, so that a
// warp's work-items run consecutive blocks of one row, whose steps are
// consecutive in memory (LookbackTuning.h chooseItemOrder; ItemOrder::Rows,
// count = blocks * blockItems). Rows of fewer channels may instead run
// count = blocks, stride = blockItems (a work-item a block, over its
// channels in turn: ItemOrder::Blocks); programs without the `_rows`
// kernels (older artifacts) run rows that way or in the plain order.
// The one-pass kernel:
//
//   __kernel void AGG_onepass(__global E *u0, ..., long d0, ..., long d(m-1),
//                             long blocks, long items, long subBlocks,
//                             __global volatile int *flags,
//                             __global volatile int *ticket, int epoch,
//                             __global volatile int *status)
//
// where AGG is the aggregate kernel's name and u0, u1, ... are the union of
// the three steps' buffers in order of first appearance (the aggregate's,
// then the carry's new ones, then the apply's: lookbackOnePassBuffers).
// A tile is S = subBlocks consecutive blocks (S divides the work-group
// size L) and item group q of G = ceil(items / P), P = L / S: work-item l
// runs item q * P + (l mod P) (if below `items`) of block c * S + l / P
// (if below `blocks`) of tile t = c * G + q (c: the tile's block group).
// With S = 1 (the usual case) a tile is block b = c and its items. Each
// work-group loops: work-item 0 takes t from `*ticket` (atomic_inc; tiles start
// in ticket order), the group stops at t >= ceil(blocks / S) * G, else it runs
// the tile: the aggregates of its items, a global fence and a barrier, flags[t]
// = 2 * epoch ("aggregates published", atomic_xchg); then the work-group looks
// back over flags[(c - 1) * G + q], flags[(c - 2) * G + q], ..., 32 at a time
// (work-items 0..31 read one each into local memory; every work-item scans
// them and takes the same branch), to the nearest one equal to
// 2 * epoch + 1 ("carry published": tile group f, whose last block is
// f' = (f + 1) * S - 1; before block 0 counts as published, the init's
// carry), passing over those equal to 2 * epoch and polling again from the
// first unpublished one; every work-item of the tile's first block then
// runs the carry of its item in blocks f' + 1, ..., the tile's last, in
// order (each block's carry from the
// one before through that block's aggregates: the same bits as the three
// passes, whichever tile computes it; a tile thus also rewrites, with the
// same values, carries of blocks whose tiles have not published yet); a
// global fence and a barrier, flags[t] = 2 * epoch + 1; then the apply.
// Block 0's carry is the init (no walk). AGG_onepass_tile (in a program
// only when built with -DSLUICE_ONEPASS_TILE, kOnePassTileMacro: by
// programBuildOptions; run for the mode OnePassTile) has the same
// parameters and protocol with subBlocks = P, the parts of a block, and one
// block per tile (the group stops at t >= blocks * G): a tile is one block
// of L / P items, work-item l runs part l / (L / P) (its
// kOnePassTileSteps steps held in registers from its aggregates to its
// results) of item l mod (L / P), the block's aggregate and the parts'
// carries composed in local memory (codegen/cpu/ScanTile.h); its
// aggregates and carries are volatile, and work-items past `items` run the
// last item again (every work-item meets every barrier). With P > 1 its
// block aggregates are composed from the parts' (not the three passes'
// bits: what is said of the bits above holds for AGG_onepass). A wait past
// SLUICE_LOOKBACK_SPIN_LIMIT polls (a build option; default 2^26) sets
// *status = 1 and goes on (the results are then wrong): a device that does
// not run a waiting work-group's predecessor gives an error rather than a
// hang. The executor launches one work-group per tile, or fewer that loop
// (PlanExecutorOptions::onePassGroupsPerUnit), with `flags` (one int per
// tile), `*ticket` and `*status` zeroed and epoch 1. The carry reads its
// `volatile` buffers (those the aggregate or the carry writes: another
// work-group wrote them) straight from memory, never from a cache that a
// previous read filled (NVIDIA's L1 is not coherent).
// AGG_onepass_words (under kOnePassWordsMacro; run for the mode
// OnePassWords, only where the chunk is kOnePassWordsSteps) is the third
// one-pass kernel, of a scan of one f32 state, with its own parameters:
//
//   __kernel void AGG_onepass_words(__global E *u0, ..., long d0, ...,
//                                   long blocks, long items,
//                                   __global volatile int *ticket, int epoch,
//                                   __global volatile int *status,
//                                   __global volatile ulong *aggregateWords,
//                                   __global volatile ulong *carryWords)
//
// A tile is one block of L channels, one work-item each: work-item 0
// takes t from `*ticket` (atomic_inc), work-item l runs item
// `items` * b + c, b = t / G, c = (t mod G) * L + l, G = ceil(items / L)
// (work-items past `items` return). Each holds its block's
// kOnePassWordsSteps steps in registers (the flag-word tile function
// AGG_tile_words, codegen/cpu/ScanTile.h), publishes the block's map
// (M, f) as aggregateWords[2 * item + j] (unless block 0 or the block
// before has its carry-out word published by then: the block then never
// waits, and its successors poll it until its carry-out is published),
// then looks back on its own channel, one block at a time, to the
// nearest block whose carry-out word carryWords[item'] (the carry into
// the block after it) is published, passing over blocks whose map is (read
// only when the carry-out is not), polling an unpublished one again; a word is
// a 32-bit tag over the 32-bit value, written and read in one 64-bit access
// (tag 2 * epoch: a map's word, 2 * epoch + 1: a carry-out). It then composes
// the carry into its block from that carry-out (or, past block 0, the init)
// through the maps of the blocks between, each as the carry kernel does (the
// three passes' bits), publishes its own carry-out the same way (if a block
// follows), and applies its steps from registers. No local array, fence or
// barrier but the ticket's: a work-item reads only words, whose value and tag
// arrive together, and the model's inputs. (That an aligned 64-bit volatile
// store or load is one access, never torn, is what the kernel needs of
// the device: OpenCL 1.2 does not promise it; NVIDIA and AMD GPUs and
// PoCL on x86-64 do it. A word is written once per epoch, so reading its
// value again after its tag matched is safe.) The plan's aggregate and carry
// buffers are not used. The executor gives the kernel the Context's two
// word buffers (2 and 1 words an item, zeroed when allocated, kept for
// later runs: runtime/opencl/LookbackWords.h) and a new epoch each run
// (so words of earlier runs never match), new zeroed buffers before the
// epoch wraps; `*ticket` zeroed, `*status` as above.
// A program printed before the one-pass kernel existed lacks it; the
// executor then runs the three passes.
// AGG_walk (under kWalkMacro; run for the mode Walk, only where the chunk
// is a multiple of the step's walkPartSteps W, of P = chunk / W parts) is
// the channel-group walk, printed from a tile function of its own
// (AGG_tile_walk, codegen/cpu/ScanTile.h's TileKind::Walk):
//
//   __kernel void AGG_walk(__global E *u0, ..., long d0, ...,
//                          long blocks, long items, long parts,
//                          long firstGroup)
//
// launched as ceil(items / (L / P)) work-groups of L work-items (P
// divides L), in launches of at most maxItemsPerLaunch work-items, each
// passing its first work-group's number as firstGroup. Work-group w
// (firstGroup + get_group_id(0)) owns items w * L / P + j, j < L / P (past
// `items`: the last item again, so that every work-item meets every
// barrier), and walks blocks 0 .. blocks - 1 in order; work-item l runs
// part l / (L / P) of item l mod (L / P) of each block, its
// kOnePassTileSteps steps held in registers from its map to its results,
// the parts' maps in local memory. The work-item of part 0 takes the carry
// into the block (the init in block 0, else the carry it stored in the
// round before) through each part's map in turn (or its steps where the
// map is not finite, as the carry kernel does through a block's), each
// part's carry into local memory, and stores the carry out of the block
// into the plan's carry buffer at the next block's item (where there is a
// next block). No ticket, flag, fence or wait on another work-group: it
// runs on every device, PoCL included. The plan's aggregate buffer is not
// used, and no map is composed with another (with P = 1 the three passes'
// bits; with P > 1 those of the three passes at a chunk of one part).
// AGG_walk_pairs (under kWalkMacro too; run for the mode WalkPairs, where
// AGG_walk would run) is the walk of two neighbouring channels a
// work-item, printed from a tile function of its own (AGG_tile_walk_pairs,
// codegen/cpu/ScanTile.h's addScanPairsWalk: only where some bf16 input
// is read two elements at once), with AGG_walk's parameters, launched as
// ceil(ceil(items / 2) / (L / P)) work-groups: work-group w owns pairs
// w * L / P + j, pair p being channels 2p and 2p + 1 (past the last: the
// last again). Where the channels' last dim has an even extent, the
// pair's bf16 inputs laid out with that dim last are read as one 32-bit
// word and its bf16 result stored as one; elsewhere each channel's own.
// The same bits as AGG_walk's.
// AGG_onepass_rows (under kOnePassRowsMacro; run for the mode OnePassRows,
// only where the chunk is the step's rowsPartSteps S times P parts, P from
// kOnePassRowsMinItems to onePassRowsMaxParts(S)) is the row one pass,
// printed from a tile function of its own (AGG_tile_rows,
// codegen/cpu/ScanTile.h's addScanRowsTile), with the one pass's parameters
// (subBlocks = P) and protocol (ticket, flags, epoch, spin limit, status),
// launched as blocks * items work-groups of P work-items (or fewer that loop,
// as the one pass): a tile t is block t / items of channel t mod items, one
// channel only (span 1), work-item l its part l. Its own flag's meaning:
// 2 * epoch, the block's aggregate (M, f) is in the aggregate buffer at
// item t; 2 * epoch + 1, the carry OUT of the block is in the carry buffer
// at item t (not the carry into it, as in the other one-pass kernels).
// The look-back finds the nearest block before on the channel whose
// carry-out is published (before block 0: the init), passing over blocks
// whose aggregate is; the carry into the block comes from there through
// the aggregates between. Only the work-item that wrote a global value
// fences before its flag.
//
// A Kernel step with Step::groupLanes (a scan fused with a sum over one of
// its state dims, codegen/cpu/ScanReduceGroupKernel.cpp) is instead
//
//   __kernel void NAME(__global E0 *b0, ..., long d0, ..., long d(m-1),
//                      long groups, long lanes, long perGroup)
//
// over `groups` (= Step::range) reduction groups of `lanes` (= groupLanes)
// state channels, launched in work-groups of L = lanes * perGroup
// work-items (L <= kGroupKernelItems), global size ceil(groups / perGroup)
// * L. Work-item l of work-group w is lane l / perGroup of group w *
// perGroup + l % perGroup; past the last group it computes the last one's
// channel and stores nothing, so that every work-item reaches every
// barrier. Each walks T with its channel's state in a register, in blocks
// of the kernel's own step count (codegen's TargetInfo::groupKernelSteps),
// and puts each step's term in the work-group's local array; after each
// block a barrier, then the work-group sums each group's lanes in lane
// order and stores the sums, then a barrier. The
// executor picks perGroup (kGroupKernelItems / lanes, fewer for few
// groups) and runs the step's body (the scan and the reduction apart)
// where `lanes` exceeds kGroupKernelItems or the kernel's largest
// work-group.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_KERNELABI_H
#define SLUICE_RUNTIME_OPENCL_KERNELABI_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/LookbackTuning.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

/// The build options of every plan program: f32 division and square root
/// correctly rounded, as on the CPU. Never -cl-fast-relaxed-math or
/// -cl-finite-math-only: the kernels test for NaN and infinities.
constexpr const char *kProgramBuildOptions =
    "-cl-fp32-correctly-rounded-divide-sqrt";

/// The macro that keeps the register-tile one-pass kernels in a program
/// (they are printed inside `#ifdef`): most runs never use them, and
/// building them costs PoCL a second compile of each look-back.
constexpr const char *kOnePassTileMacro = "SLUICE_ONEPASS_TILE";

/// The macro that keeps the flag-word one-pass kernels in a program (the
/// same reason: PoCL takes ~10 s to build one, e.g. 70 of the 136 s of
/// examples/cumulative_ops.sl's ten scans with both macros).
constexpr const char *kOnePassWordsMacro = "SLUICE_ONEPASS_WORDS";

/// The macro that keeps the row one-pass kernels (AGG_onepass_rows) in a
/// program (the same reason).
constexpr const char *kOnePassRowsMacro = "SLUICE_ONEPASS_ROWS";

/// The macro that keeps the channel-group walk kernels (AGG_walk) in a
/// program (the same reason).
constexpr const char *kWalkMacro = "SLUICE_WALK";

/// The macro that makes a program's rounding of f32 to bf16
/// (`sl_round_bf16`, codegen/opencl/OpenclHelpers.cpp) one PTX
/// `cvt.rn.bf16.f32` through inline assembly, where DeviceInfo::ptxBf16
/// says the device has it; elsewhere the portable integer rounding (the
/// same bits but for a NaN's payload: the instruction gives the canonical
/// NaN).
constexpr const char *kPtxBf16Macro = "SLUICE_PTX_BF16";

/// The macro that makes the row one pass's lane exchange (the trees over
/// its parts within a warp, codegen/opencl/OpenclHelpers.cpp's
/// kLaneExchange) a PTX `shfl.sync.up` where DeviceInfo::ptxShuffle says
/// the device has it; elsewhere local memory and barriers.
constexpr const char *kPtxShuffleMacro = "SLUICE_PTX_SHUFFLE";

/// The macro that makes a program's index arithmetic (`sl_index`: dims,
/// counts, offsets, loop counters) 32 bits instead of 64. Plan programs are
/// built with it (programBuildOptions); a call whose dims or buffers reach
/// kNarrowIndexLimit runs the same source built without it
/// (PlanExecutor.cpp). On the H200 the look-back kernels are 3-22% faster
/// for it (benchmarks/NOTES.md, sixteenth session).
constexpr const char *kIndex32Macro = "SLUICE_INDEX_32";

/// A call runs the 32-bit build only while every dim and every buffer's
/// element count is below this. Every index a kernel computes is an offset
/// into one of its buffers, a count of their elements or a dim, or such a
/// value plus another (an offset plus a stride, a count rounded up to a
/// block), so it stays below 2^31.
constexpr int64_t kNarrowIndexLimit = int64_t(1) << 30;

/// Whether SLUICE_OPENCL_ONEPASS_TILE=1 asks for the register-tile one
/// pass wherever a one pass runs (the default rule asks for it on its own
/// only at short T: LookbackTuning.h).
inline bool onePassTileRequested() {
  const char *on = std::getenv("SLUICE_OPENCL_ONEPASS_TILE");
  return on && std::string(on) == "1";
}

/// What every plan program is built with: kProgramBuildOptions,
/// -D<kOnePassTileMacro> when onePassTileRequested(), when
/// SLUICE_OPENCL_LOOKBACK=onepass-tile or on a device that guarantees
/// forward progress (`forwardProgress`: where the default rule may run the
/// tile; PoCL and other devices without it build the tile only when asked),
/// -D<kOnePassWordsMacro> when SLUICE_OPENCL_LOOKBACK=onepass-words or on
/// such a device, -D<kWalkMacro> when SLUICE_OPENCL_LOOKBACK=walk or
/// =walk-pairs or on such a device (the walk needs no forward progress,
/// but the default rule is measured only on such a GPU, the H200:
/// benchmarks/NOTES.md
/// "Eighteenth session"), -D<kOnePassRowsMacro> when
/// SLUICE_OPENCL_LOOKBACK=onepass-rows or on such a device, -D<kIndex32Macro>
/// unless SLUICE_OPENCL_INDEX_BITS=64, -D<kPtxBf16Macro> on a device with
/// `ptxBf16` and -D<kPtxShuffleMacro> on one with `ptxShuffle` (DeviceInfo),
/// then SLUICE_OPENCL_BUILD_OPTIONS when set (e.g.
/// -DSLUICE_STEP_UNROLL=16: the program's knobs without a recompile).
/// OpenclModel, `sluice-run --bench` and `--tune` all build with it, through
/// ProgramCache.h's planBuildOptions (a DeviceInfo's flags).
inline std::string programBuildOptions(bool forwardProgress,
                                       bool ptxBf16 = false,
                                       bool ptxShuffle = false) {
  std::string options = kProgramBuildOptions;
  const char *mode = std::getenv("SLUICE_OPENCL_LOOKBACK");
  LookbackMode asked = LookbackMode::Auto;
  if (mode)
    parseLookbackMode(mode, asked);
  if (onePassTileRequested() || forwardProgress ||
      asked == LookbackMode::OnePassTile)
    options += std::string(" -D") + kOnePassTileMacro;
  if (forwardProgress || asked == LookbackMode::OnePassWords)
    options += std::string(" -D") + kOnePassWordsMacro;
  if (forwardProgress || asked == LookbackMode::Walk ||
      asked == LookbackMode::WalkPairs)
    options += std::string(" -D") + kWalkMacro;
  if (forwardProgress || asked == LookbackMode::OnePassRows)
    options += std::string(" -D") + kOnePassRowsMacro;
  const char *bits = std::getenv("SLUICE_OPENCL_INDEX_BITS");
  if (!bits || std::string(bits) != "64")
    options += std::string(" -D") + kIndex32Macro;
  if (ptxBf16)
    options += std::string(" -D") + kPtxBf16Macro;
  if (ptxShuffle)
    options += std::string(" -D") + kPtxShuffleMacro;
  if (const char *extra = std::getenv("SLUICE_OPENCL_BUILD_OPTIONS");
      extra && *extra)
    options += std::string(" ") + extra;
  return options;
}

/// The scalar launch parameters after the dims: first, count, stride,
/// repeats, repeatStride.
constexpr int kLaunchParams = 5;

/// The scalar parameters of the one-pass look-back kernel after the dims:
/// blocks, items, subBlocks, flags, ticket, epoch, status.
constexpr int kOnePassParams = 7;

/// The name of the one-pass kernel of a Lookback step whose aggregate
/// kernel is `aggregate`.
inline std::string onePassKernelName(const std::string &aggregate) {
  return aggregate + "_onepass";
}

/// The name of the register-tile variant of that one-pass kernel (same
/// parameters; each work-item holds a part of kOnePassTileSteps steps of a
/// block in registers; it runs only when the step's chunk is a multiple of
/// that).
inline std::string onePassTileKernelName(const std::string &aggregate) {
  return aggregate + "_onepass_tile";
}

/// The name of the flag-word one-pass kernel of that Lookback step (its
/// own parameters, above).
inline std::string onePassWordsKernelName(const std::string &aggregate) {
  return aggregate + "_onepass_words";
}

/// The name of the row-order variant of a Lookback step's aggregate or
/// apply kernel `kernel` (its own scalar parameters, above).
inline std::string rowsKernelName(const std::string &kernel) {
  return kernel + "_rows";
}

/// The scalar parameters of a `_rows` kernel after the dims: first, count,
/// blocks, channels.
constexpr int kRowsLaunchParams = 4;

/// The name of the row one-pass kernel of that Lookback step (the one
/// pass's parameters; one channel a tile, above).
inline std::string onePassRowsKernelName(const std::string &aggregate) {
  return aggregate + "_onepass_rows";
}

/// The name of the channel-group walk kernel of that Lookback step (its
/// own parameters, above).
inline std::string walkKernelName(const std::string &aggregate) {
  return aggregate + "_walk";
}

/// The name of the pair walk kernel of that Lookback step (the walk's
/// parameters, above; run for the mode WalkPairs).
inline std::string walkPairsKernelName(const std::string &aggregate) {
  return aggregate + "_walk_pairs";
}

/// The steps of the block a work-item of the flag-word one pass holds
/// (codegen's TargetInfo::opencl().lookbackWordsSteps): it runs where the
/// chunk is this.
constexpr int64_t kOnePassWordsSteps = 32;

/// The words an item of the flag-word one pass publishes: its block's
/// aggregate (M, f) and its carry-out.
constexpr int64_t kAggregateWordsPerItem = 2;
constexpr int64_t kCarryWordsPerItem = 1;

/// The steps per part of the register-tile one-pass kernel (codegen's
/// TargetInfo::opencl().lookbackTileSteps): it runs where the chunk is a
/// multiple of them, one work-item per part of a block.
constexpr int64_t kOnePassTileSteps = 16;

/// The steps per part of the channel-group walk (AGG_walk; codegen's
/// TargetInfo::opencl().lookbackWalkSteps) where the plan does not say
/// (Step::walkPartSteps 0): it runs where the chunk is a multiple of them,
/// one work-item per part of a block. Twice the register tile's: a walk's
/// work-item holds a part's coefficients until the carry reaches it, and
/// longer parts put more of its loads in flight between two barriers
/// (H200, h = a*h + b f32 (8,8192,1024): 86.8% of the copy at parts of
/// 16, 93.0% at 32, 78.4% at 64; cumsum 78.5 -> 86.2%; bf16 53.5 ->
/// 54.4%: benchmarks/NOTES.md "Twenty-fifth session").
constexpr int64_t kWalkPartSteps = 32;

/// The steps per part of `lookback`'s walk kernel: Step::walkPartSteps, or
/// kWalkPartSteps for a plan that does not say.
inline int64_t walkPartSteps(const Step &lookback) {
  return lookback.walkPartSteps > 0 ? lookback.walkPartSteps : kWalkPartSteps;
}

/// The steps per part of `lookback`'s row one-pass kernel:
/// Step::rowsPartSteps, or kOnePassTileSteps for a plan that does not say.
inline int64_t rowsPartSteps(const Step &lookback) {
  return lookback.rowsPartSteps > 0 ? lookback.rowsPartSteps
                                    : kOnePassTileSteps;
}

/// The most work-items of a register-tile work-group: the size of its
/// local arrays (k * k + k and k values per work-item).
constexpr int64_t kOnePassTileItems = 1024;

/// The steps a row one-pass work-group stages: the size of its local
/// arrays (in up to two rows of f32, 33 KiB; OpenCL promises 32 KiB of
/// local memory, GPUs have 48 KiB or more).
constexpr int64_t kOnePassRowsStagedSteps = 4096;

/// The most work-items (parts) of a row one-pass work-group whose parts
/// hold `partSteps` steps (rowsPartSteps): 256 of 16 steps, 128 of 32.
constexpr int64_t onePassRowsMaxParts(int64_t partSteps) {
  return partSteps > 0 ? kOnePassRowsStagedSteps / partSteps : 0;
}

/// The fewest parts a row one-pass block has (fewer: the plain one pass).
/// PoCL 3.1 crashed in the kernel it compiled for work-groups of 2 (its
/// work-group function was called with an argument array at address 1;
/// 1, 3 and 4 to 16 ran), and blocks of 1 to 3 parts are no shape the
/// kernel is for.
constexpr int64_t kOnePassRowsMinItems = 4;

/// The scalar parameters of a group kernel (Step::groupLanes) after the
/// dims: groups, lanes, perGroup.
constexpr int kGroupKernelParams = 3;

/// The most work-items of a group kernel's work-group: the size of its
/// local arrays (a block's terms per work-item; the printer's
/// SLUICE_GROUP_ITEMS), so the most lanes a fused reduction group has.
constexpr int64_t kGroupKernelItems = 256;


/// The buffer parameters of a Lookback step's one-pass kernel: the plan
/// buffers of its aggregate, carry and apply steps (body[0..2]; the carry
/// tree's kernels after them are not part of it), each once, in order of
/// first appearance.
inline std::vector<int32_t> lookbackOnePassBuffers(const Step &lookback) {
  std::vector<int32_t> all;
  for (size_t k = 0; k < lookback.body.size() && k < 3; ++k)
    for (int32_t buffer : lookback.body[k].buffers) {
      bool seen = false;
      for (int32_t b : all)
        seen = seen || b == buffer;
      if (!seen)
        all.push_back(buffer);
    }
  return all;
}

/// The OpenCL C element type of a buffer of `dtype` ("half", "ushort",
/// "float", "double").
inline const char *openclElementType(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "half";
  case DType::BF16:
    return "ushort";
  case DType::F64:
    return "double";
  case DType::F32:
    break;
  }
  return "float";
}

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_KERNELABI_H
