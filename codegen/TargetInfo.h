//===- TargetInfo.h - What the plan builder asks of a target ----*- C++ -*-===//
//
// The plan builder (codegen/cpu) makes one plan and one kernel module for
// every target; the sizes of its schedules and the thresholds between its
// strategies differ per target, and the generators read them from here,
// never from an `if (opencl)`. The CPU target tunes for a few fat threads
// with deep caches; the OpenCL target for many work-items, one channel (and
// one look-back block) each.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_TARGETINFO_H
#define SLUICE_CODEGEN_TARGETINFO_H

#include <cstdint>
#include <string>

namespace sluice::codegen {

/// The target-dependent numbers of the schedule.
struct TargetInfo {
  /// "cpu" or "opencl", for messages and remarks.
  std::string name = "cpu";
  /// Interleaved lanes per look-back block (their dependency chains
  /// overlap on an out-of-order core).
  int64_t lookbackLanes = 8;
  /// Steps per lane. CPU: 4096 + 16, so the 8 lanes of a block start one
  /// cache line apart modulo 4 KiB (f32): at 4096 exactly, the lanes of
  /// `a`, `b` and `h` (24 streams) fell into one set of the 8-way L1.
  int64_t laneSteps = 4112;
  /// Consecutive steps per group where the look-back's apply kernel walks
  /// the last block from its carry in groups (ScanApplyGroups.h: one state,
  /// the linear semiring) instead of re-running its lanes with
  /// masks; 0: the lanes. CPU: 4 (a walk in groups of 4 written by hand,
  /// one channel of 2^26 on one thread: 35 ms; of 2 and 8: 45-48 ms).
  int64_t lookbackApplyGroupSteps = 4;
  /// Whether the look-back's steps per lane are a run-time value rather
  /// than `laneSteps`: a schedule parameter of the plan (one dim per scan,
  /// named `lookback_chunk#N`, Step::chunkDim) that the kernels read like
  /// any dim and that sizes the blocks and their temporaries; the executor
  /// binds it (OpenCL: the tuning cache, else a default rule from the shape
  /// and the device, runtime/opencl/LookbackTuning.h). The CPU keeps its
  /// constant (its lanes are interleaved and unrolled around it). A
  /// schedule that fixes the chunk at compile time sets this false and
  /// `laneSteps` to the chunk.
  bool runtimeLaneSteps = false;
  /// Channels per unit of parallelism (a thread on the CPU, a compute unit
  /// on OpenCL) from which a scan runs channel-parallel rather than by
  /// look-back: each unit then has a few full tiles of channels.
  int64_t channelParallelPerUnit = 128;
  /// The same for a scan whose k x k map is not diagonal (k > 1: LinOSS),
  /// whose look-back composes k x k maps and so loses to the walk sooner.
  /// CPU: 1 (it applies to rows, `[B, T]`; channels next to each other take
  /// stridedChannelParallelPerUnit): a look-back step of a 2 x 2 map costs
  /// several loop steps, so the walk wins once every thread has a channel
  /// (damped Holt's 2 x 2 map, rows of 4 * 10^5 steps on 2 threads, walk /
  /// look-back: 1 row 1.40 / 1.18 ms, 2 rows 2.8 / 5.6, 4 rows 5.9 / 10.4,
  /// 16 rows of 10^5 7.0 / 12.0; benchmarks/NOTES.md, forty-first session).
  int64_t coupledChannelParallelPerUnit = 1;
  /// The same for a scan whose channels lie next to each other in memory
  /// (dims after the scan axis: `[B, T, D]`), where the channel-parallel
  /// kernel's SIMD lanes are channels and the look-back's lanes walk T with
  /// a stride of D elements; 0: channelParallelPerUnit and
  /// coupledChannelParallelPerUnit apply. CPU: from 2 a thread (ema on 2
  /// threads, T = 2^22: the look-back 0.88x the walk at 2 channels, 0.5x
  /// at 8, 0.06x at 64 over T = 65536: benchmarks/NOTES.md, thirty-eighth
  /// session); rows (`[B, T]`: each channel's steps contiguous) keep 128.
  int64_t stridedChannelParallelPerUnit = 2;
  /// Steps of T from which an `auto` scan may run its look-back
  /// (`#sl.schedule`'s lookback_min_steps; channel-parallel below, whatever
  /// the channel count), for a diagonal map. Below one block the look-back
  /// is one worker's 8 lanes sharing the steps, whose three passes beat the
  /// walk of T from about 2048 steps (CPU, one channel of ema: the walk 4.9
  /// us against 4.6 at T = 1024, 9.7 against 7.1 at 2048; max-plus 10.0
  /// against 5.5 at 1024). One number for every semiring, so that scans of
  /// one group (a linear scan and its max-plus stabiliser) keep one
  /// schedule. 0: none.
  int64_t lookbackMinSteps = 2048;
  /// The same for a coupled k x k map, whose lanes compose k x k maps and
  /// do not share a short block's steps (lane 0 walks alone up to 4112
  /// steps): the look-back wins once its block's 8 lanes are all busy
  /// (second-order linear: the walk 76 us against 72 at T = 16384, 145
  /// against 106 at 32768; LinOSS-IM 84 / 80 at 16384, 163 / 107 at 32768;
  /// HMM log-add-exp 1325 / 1335 at 32768).
  int64_t coupledLookbackMinSteps = 32768;
  /// Whether a scan read only through a sum over one of its state dims is
  /// fused with that sum (ScanReduceKernel.cpp). The fused kernel gives a
  /// work-item a whole reduction group (the reduced dim times the last
  /// dim): no state over T is stored, and a CPU thread has plenty of such
  /// items, but a GPU would run a few dozen work-items (GLA: B x H = 16).
  bool fuseScanReductions = true;
  /// Whether such a fused kernel also computes the one element-wise op that
  /// reads the sum (`#sl.schedule`'s fuse_epilogue: a skip connection
  /// `sum(C * x, N) + D * u`) at the sum's store, so that the sum is not
  /// written and read back (S4D, Mamba-2 SSD). CPU only: the OpenCL group
  /// kernel sums in local memory and stores through its tile functions.
  bool fuseScanEpilogues = true;
  /// Channels of a tile of such a fused kernel: of the dim before the
  /// reduced one when the sum is over the last dim (ScanReduceTiles.cpp:
  /// Mamba's y = sum(C * h, N), a tile of d), else of the last dim (GLA's
  /// V). Its loops over them are vectorised at this width
  /// (KernelBuilder::laneLoop), in two AVX-512 or four AVX2 vectors whose
  /// partial sums are independent chains (a tile of 16 in one AVX-512
  /// vector waited on one chain of adds: GLA, RetNet, S4D and Mamba-2
  /// 1.2-1.6x slower; 64 ran scalar for rows of 32).
  int64_t scanReduceTile = 32;
  /// How many steps ahead a CPU kernel that walks T with short steps (a
  /// scan fused with its sum over a dim other than the last: GLA, RetNet,
  /// mLSTM) asks the cache for the rows it will read and write
  /// (ExprEmitter::prefetchAlong; GLA 9 -> 3.3 ms); 0: none (OpenCL).
  int64_t walkPrefetchSteps = 8;
  /// Whether such a scan is fused with its sum in work-groups instead
  /// (ScanReduceGroupKernel.cpp; OpenCL): one state channel per work-item,
  /// the channels of a reduction group in one work-group, which sums their
  /// terms in local memory, so the state over T is never stored and the
  /// work-items are as many as the channels. It is the channel-parallel
  /// alternative of the scan's schedule; the look-back keeps the two apart.
  bool groupScanReductions = false;
  /// The steps of a group kernel's block: its work-items walk T in blocks
  /// of this many steps (half for f64), unrolled (their loads in flight
  /// together), their terms kept in local memory until the block's sums.
  int64_t groupKernelSteps = 16;
  /// The steps of a block of a lone scan's channel-parallel walk with its
  /// state in registers (channelStateInRegisters): every step's
  /// coefficients and forcings computed first (their loads in flight
  /// together), then the chain; half for f64; 0 or 1: a plain walk.
  int64_t stagedWalkSteps = 0;
  /// The most values a work-item's block keeps staged (steps x values a
  /// step, for the staged walk and the group kernel): a block shrinks to fit
  /// (a 3-state scan with a full map and forcing stages 12 values a step:
  /// blocks of 10), so that the array stays in registers.
  int64_t stagedValuesPerItem = 128;
  /// Channels per unit of parallelism from which a scan fused with its sum
  /// runs as a group kernel rather than by look-back (and a reduction
  /// apart). Its work-items walk all of T, so it needs more channels than
  /// the plain channel-parallel scan to hide its latency: on the H200 (132
  /// compute units) it ties with the look-back at 32K channels (Mamba,
  /// RetNet; GLA and Mamba-2 1.4-1.5x faster), is 1.4-2.3x faster from 65K
  /// and 1.2-1.7x slower at 16K (benchmarks/NOTES.md, "Fourteenth
  /// session").
  int64_t groupKernelPerUnit = 192;
  /// Whether an element-wise kernel's work item is a row along the last dim
  /// (CPU: the inner loop vectorises) or one element (OpenCL: neighbouring
  /// work-items touch neighbouring elements, so accesses coalesce).
  bool elementwiseRows = true;
  /// Whether a reduction's work item is a row of its output, looping over
  /// the reduced axis and the dims after it (CPU: the inner loop
  /// vectorises, the row stays in L1), or one output element, its sum in a
  /// register (OpenCL: neighbouring work-items read neighbouring elements
  /// of the operand, so loads coalesce, and the output is written once).
  bool reductionRows = true;
  /// The partial results a row reduction over the last dim keeps (CPU:
  /// two AVX-512 vectors of f32, whose adds are independent chains, combined
  /// pairwise at the end); 1: one accumulator, the axis's order.
  int64_t reductionLanes = 32;
  /// Whether an element-wise loop over rows of T (its axis last, each
  /// channel's steps contiguous) walks tiles of channels with each block
  /// of steps staged from and to the rows (CPU: one vector of channels a
  /// step instead of one channel's chain of dependent steps; Holt-Winters
  /// 10 -> 6 ms) or takes one channel a work item (OpenCL: many work-items,
  /// each with its state in registers).
  bool loopRowTiles = true;
  /// Whether a channel-parallel scan carries each channel's state in
  /// registers, walking T per channel (OpenCL: one channel per work-item, no
  /// memory round trip per step), rather than walking T over a row of
  /// channels and reading the previous state back from the row just
  /// written (CPU: the loop over the row vectorises, the row is in L1).
  bool channelStateInRegisters = false;
  /// Without channelStateInRegisters: rows (the channels along the last
  /// dim) narrower than this walk each channel with its states in registers
  /// too, chosen when a call runs (one channel of [B, T, 1]: the row walk's
  /// store-to-load chain measured 3-4x a register loop); 0 or 1: never.
  int64_t registerWalkBelowChannels = 4;
  /// Levels of the look-back's carry tree (codegen/cpu/ScanCarryTree.h):
  /// kernels that group G blocks, then G groups, ... so that the serial
  /// carry pass over a channel's blocks is short; the executor picks G and
  /// how many levels to use from the block count of each call. 0: none
  /// (CPU: blocks of 8 x 4112 steps make a short carry chain, which its
  /// schedule overlaps with the aggregates). OpenCL: 3, so that the serial
  /// part stays ~100 steps for up to 2^26 blocks (G ~ 90).
  int64_t carryTreeLevels = 0;

  /// Steps per part of the look-back's register tile (codegen/cpu/
  /// ScanTile.h): a one-pass kernel variant whose work-items each hold a
  /// part of this many steps of a block in registers between its aggregate
  /// and its apply, used when the run-time chunk is a multiple of it. 0:
  /// none (CPU: its look-back has no one-pass kernel).
  int64_t lookbackTileSteps = 0;
  /// Steps per part of the channel-group walk's tile (ScanTile.h's
  /// TileKind::Walk, printed as AGG_walk: runtime/opencl/KernelAbi.h's
  /// kWalkPartSteps), used when the run-time chunk is a multiple of it.
  /// 0: none. OpenCL: 32 (h = a*h + b f32 on the H200: 86.8% of the copy
  /// at parts of 16, 93.0% at 32; benchmarks/NOTES.md "Twenty-fifth
  /// session").
  int64_t lookbackWalkSteps = 0;
  /// The same for a scan whose aggregate kernel reads one array (a
  /// cumulative sum: half the values a step to hold). OpenCL: 64 (H200,
  /// cumsum (8,2048,1024) 0.0441 -> 0.0415 ms; h = a*h + b lost at 64).
  int64_t lookbackWalkStepsOneArray = 0;
  /// Steps per part of the row one pass's tile (ScanTile.h's
  /// addScanRowsTile, printed as AGG_onepass_rows), and for a scan whose
  /// aggregate kernel reads one array. 0: none. OpenCL: 16 and 32 (H200,
  /// one channel of 2^28: h = a*h + b 1.71 ms at 16, 1.88 at 32; cumsum
  /// 1.51 at 16, 1.10 at 32: benchmarks/NOTES.md "Twenty-fifth session").
  int64_t lookbackRowsSteps = 0;
  int64_t lookbackRowsStepsOneArray = 0;
  /// Steps of the block a work-item of the flag-word one pass holds in
  /// registers (a tile function of one part a block, ScanTile.h, printed
  /// as AGG_onepass_words: runtime/opencl/KernelAbi.h), used when the
  /// run-time chunk equals it. 0: none.
  int64_t lookbackWordsSteps = 0;
  /// Steps per look-back block.
  int64_t blockSteps() const { return lookbackLanes * laneSteps; }

  /// The CPU target's numbers (LLVM JIT on TBB threads).
  static TargetInfo cpu() { return TargetInfo{}; }
  /// The OpenCL target's: one lane per (block, channel) work-item, its
  /// steps a run-time schedule parameter, so a long sequence gives many
  /// work-items; channel-parallel from 768 channels per compute unit (the
  /// executor scales the guard by the device's compute units; measured on
  /// the H200 with the flag-word look-back, benchmarks/NOTES.md, sixteenth
  /// session; 384 for a coupled k x k map: LinOSS's walk wins from 65K
  /// channels, its look-back at 32K); scans and their reductions apart;
  /// element-wise work and reductions one output element per work-item;
  /// scan states in registers;
  /// a carry tree of 3 levels for the look-back; register tiles of parts
  /// of 16 steps for its one pass; scans fused with their sums in
  /// work-groups.
  static TargetInfo opencl() {
    TargetInfo t;
    t.name = "opencl";
    t.lookbackLanes = 1;
    // (Its apply is one lane; the one pass's tiles are its fast path.)
    t.lookbackApplyGroupSteps = 0;
    t.laneSteps = 256; // only when runtimeLaneSteps is turned off
    t.runtimeLaneSteps = true;
    t.channelParallelPerUnit = 768;
    t.coupledChannelParallelPerUnit = 384;
    t.stridedChannelParallelPerUnit = 0; // (its reads of T coalesce)
    t.lookbackMinSteps = 0; // (a work-item's walk of T is not measured faster)
    t.coupledLookbackMinSteps = 0;
    t.fuseScanReductions = false;
    t.fuseScanEpilogues = false;
    t.walkPrefetchSteps = 0;
    t.groupScanReductions = true;
    t.elementwiseRows = false;
    t.reductionRows = false;
    t.loopRowTiles = false;
    t.channelStateInRegisters = true;
    t.stagedWalkSteps = 16;
    t.carryTreeLevels = 3;
    t.lookbackTileSteps = 16;
    t.lookbackWalkSteps = 32;
    t.lookbackWalkStepsOneArray = 64;
    t.lookbackRowsSteps = 16;
    t.lookbackRowsStepsOneArray = 32;
    t.lookbackWordsSteps = 32;
    return t;
  }
};

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_TARGETINFO_H
