//===- LookbackTuning.h - The schedule of an OpenCL look-back ---*- C++ -*-===//
//
// What the executor chooses for each Lookback step at run time: the steps
// per lane (the plan's schedule parameter Step::chunkDim, which sizes the
// blocks and their temporaries), the work-group size of its kernels and
// how it runs (three passes or one). A tuning cache entry
// (TuningCache.h) fixes them per device, kernel and size class; without
// one, the default rule below. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H
#define SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H

#include <cstdint>
#include <optional>
#include <string>

namespace sluice::runtime::opencl {

/// How Lookback steps run (runtime/opencl/KernelAbi.h).
enum class LookbackMode {
  /// SLUICE_OPENCL_LOOKBACK=onepass, =three-pass or =onepass-tile when set,
  /// else the tuning cache's choice, else defaultLookbackMode.
  Auto,
  /// The single-pass look-back kernel (three passes for a program without
  /// it).
  OnePass,
  /// Aggregate, carry and apply as three launches; no work-group waits.
  ThreePass,
  /// The one pass's register tile (KernelAbi.h, AGG_onepass_tile): each
  /// input read once, a block in parts of kOnePassTileSteps steps held in
  /// registers (the plain one pass where the chunk is not made of parts).
  OnePassTile,
  /// The flag-word one pass (KernelAbi.h, AGG_onepass_words): a block of
  /// kOnePassWordsSteps steps a work-item, its look-back on its own channel
  /// through tagged words (the plain one pass where the chunk is not that
  /// or the program lacks the kernel).
  OnePassWords,
  /// The channel-group walk (KernelAbi.h, AGG_walk): a work-group per
  /// group of channels walks every block in order, a block in parts of
  /// kOnePassTileSteps steps held in registers, the carry from one block to
  /// the next kept by the work-group itself: no look-back, so no wait on
  /// another work-group (three passes where the chunk is not made of parts
  /// or the program lacks the kernel).
  Walk,
  /// The walk of two neighbouring channels a work-item (KernelAbi.h,
  /// AGG_walk_pairs: bf16 inputs read as 32-bit words of two channels),
  /// where the program has it; the plain walk elsewhere. The default rule
  /// takes it from kWalkPairsMinSteps steps where it takes the walk of a
  /// work-group a compute unit (defaultLookbackMode; measured on an H100:
  /// benchmarks/NOTES.md "Thirty-seventh session").
  WalkPairs,
  /// The row one pass (KernelAbi.h, AGG_onepass_rows): one channel a tile,
  /// its steps loaded and stored at consecutive places by the work-group
  /// (coalesced where a channel's steps are contiguous: rows of [B, T], one
  /// channel), the parts' maps and the look-back's aggregates composed by
  /// trees in local memory (the plain one pass where the chunk is not the
  /// step's rowsPartSteps times a work-group of at most onePassRowsMaxParts
  /// parts or the program lacks the kernel).
  OnePassRows,
};

/// "onepass", "three-pass", "onepass-tile", "onepass-words", "walk",
/// "walk-pairs", "onepass-rows" or "auto".
const char *lookbackModeName(LookbackMode mode);
/// The mode named `name` ("onepass", "three-pass", "onepass-tile",
/// "onepass-words", "walk", "walk-pairs", "onepass-rows"); false for
/// another.
bool parseLookbackMode(const std::string &name, LookbackMode &mode);

/// Whether `mode` runs a single-pass kernel (OnePass, OnePassTile,
/// OnePassWords or OnePassRows).
inline bool isOnePass(LookbackMode mode) {
  return mode == LookbackMode::OnePass || mode == LookbackMode::OnePassTile ||
         mode == LookbackMode::OnePassWords ||
         mode == LookbackMode::OnePassRows;
}

/// The run-time schedule of one Lookback step. 0 (or Auto) in a field of
/// PlanExecutorOptions::lookbackSchedules leaves it to the cache or the
/// default.
struct LookbackSchedule {
  /// Steps per lane (a power of two); only for a step with Step::chunkDim.
  int64_t chunk = 0;
  /// Work-group size asked for its kernels (rounded to the kernel's
  /// preferred multiple and clipped to its limits, as every launch).
  int64_t workGroup = 0;
  LookbackMode mode = LookbackMode::Auto;
};

/// The smallest and largest chunk the default rule and the tuner choose
/// (but for one channel, or rows, on a GPU: kOneChannelGpuChunk).
constexpr int64_t kMinLookbackChunk = 16;
constexpr int64_t kMaxLookbackChunk = 1024;
/// The default chunk of a look-back on a GPU over one channel or over rows
/// (each channel's steps contiguous): one 32-byte sector of f32 per array
/// and run (defaultLookbackChunk).
constexpr int64_t kOneChannelGpuChunk = 8;
/// Work-items per compute unit that the default rule aims for (an SM of
/// the H200 holds 2048 resident threads).
constexpr int64_t kLookbackItemsPerUnit = 2048;

/// The default chunk of a look-back over `steps` steps of `channels`
/// channels on a device of `computeUnits` compute units: the largest power
/// of two in [16, 1024] whose blocks (ceil(steps / chunk) of `channels`
/// work-items each) still give every compute unit 2048 work-items (16 when
/// none does), raised to the power of two at or above sqrt(steps) (so the
/// carry pass, which walks the blocks one after another, never walks more
/// steps than a chunk), and never above 1024. One channel on a GPU (`gpu`)
/// takes kOneChannelGpuChunk: each work-item then walks a run of its own,
/// so neighbouring work-items' loads fall in different lines, and a short
/// run is one or two 32-byte sectors per array, which stay in L1 for the
/// run (H200, 2^28 steps, h = a*h + b: 8.5 ms at chunk 1024, 4.5 at 16,
/// 3.0 at 8; with 4 channels interleaved, T = 2^24, 1024 stays faster).
/// So do channels laid out as rows (`stepStride` 1: each channel's steps
/// contiguous), whose work-items' runs fall in
/// different lines the same way (H200, h = a*h + b over 8 rows of 2^25:
/// 10.0 ms at 1024, 2.2 at 8; 64 rows of 2^22: 14.6 and 10.3 ms;
/// benchmarks/NOTES.md "Twenty-first session").
///
/// Few channels (at most kFewInterleavedMaxChannels) interleaved with few
/// others (`stepStride`, the elements between two steps of a channel, from
/// 2 to kFewInterleavedMaxStride) of a scan that reads two 32-bit arrays
/// or more a step (`wideSteps`) take, on a GPU, the smaller of that chunk
/// and 4 x stepStride rounded up to a power of two in [8, 64]: H200,
/// h = a*h + b, ms at the rule's chunk / at this one: (2, 2^23, 2) 0.453 /
/// 0.305-0.345; (1, 2^24, 4) 0.639 / 0.568; (1, 2^23, 8) 0.498 / 0.442;
/// (1, 2^22, 16) 0.460 / 0.390; (1, 2^21, 32) 0.446 / 0.369; (1, 2^20, 64)
/// 0.451 / 0.368; (8, 2^18, 16) 0.244 / 0.213 (NOTES "Twenty-third
/// session"). More channels keep the rule's: (64, 2^18, 4), 256 channels,
/// 0.821 ms at 512 against 0.908 at 16. So does a cumulative sum (one
/// array): at (1, 2^24, 4) 0.334 ms at its 1024 against 0.39 at 16.
int64_t defaultLookbackChunk(int64_t steps, int64_t channels,
                             int64_t computeUnits, bool gpu = false,
                             int64_t stepStride = 0, bool wideSteps = false);

/// The largest step stride and channel count that take the
/// few-interleaved chunk.
constexpr int64_t kFewInterleavedMaxStride = 64;
constexpr int64_t kFewInterleavedMaxChannels = 128;
/// The few-interleaved chunk's bounds.
constexpr int64_t kFewInterleavedMinChunk = 8, kFewInterleavedMaxChunk = 64;

/// The fewest rows (channels whose steps are contiguous) for which the three
/// passes' aggregate and apply take a block a work-item, over its channels
/// in turn, rather than an item a work-item (runtime/opencl/PlanExecutor):
/// on the H200, h = a*h + b over 64 rows of 2^22 went 10.4 -> 3.9 ms, but
/// over 8 rows of 2^25 2.2 -> 2.8 ms (benchmarks/NOTES.md "Twenty-first
/// session").
constexpr int64_t kRowsByBlockMinChannels = 16;

/// How the three passes' aggregate and apply kernels of a look-back step
/// hand out their items (item = block * channels + channel; KernelAbi.h).
enum class ItemOrder {
  /// Work-item g runs item g: a warp's work-items are a block's channels.
  Items,
  /// Work-item g runs block g's items, its channels in turn.
  Blocks,
  /// The `_rows` kernels: work-item g runs block g mod blocks of channel
  /// g / blocks, so a warp's work-items are consecutive blocks of one row.
  Rows,
};

/// The fewest rows for which the three passes run their `_rows` kernels
/// (ItemOrder::Rows) rather than a block a work-item (fewer rows take them
/// too where the blocks are too few for a block a work-item). On the H200, h = a*h
/// + b in row order / a block a work-item / an item a work-item, ms, chunk
/// 8 (benchmarks/NOTES.md "Twenty-third session"): 8 rows of 2^25 3.20 /
/// 2.81 / **2.27**; 64 of 2^22 5.30 / **3.92** / 10.27; 256 of 2^20
/// **3.57** / 3.76 / 11.86 (cumsum 3.81 / **3.52**); 2048 of 2^17 **3.12**
/// / 4.23 / -. A `_rows` work-item runs one item (8 steps) and pays the
/// item's index arithmetic alone; a block's work-item shares it over its
/// channels, which wins until the blocks are too few.
constexpr int64_t kRowsOrderMinChannels = 512;

/// The work-items per compute unit that a block a work-item needs
/// (ItemOrder::Blocks): 256 rows of 2^20 at chunk 8 are 993 a unit on the
/// H200, and ran 3.76 ms against 11.86 an item a work-item.
constexpr int64_t kRowsByBlockItemsPerUnit = 512;

/// The item order of a look-back step's three passes over `blocks` blocks
/// of `channels` channels on `computeUnits` compute units. `rows`: each
/// channel's steps are contiguous (Step::stepStride 1); `rowsKernels`: the
/// program has the step's `_rows` kernels; `forced` (SLUICE_OPENCL_ROWS_ORDER)
/// wins where it can run; `fewestByBlock` (SLUICE_OPENCL_ROWS_MIN_CHANNELS,
/// 0: kRowsByBlockMinChannels) is the fewest rows that leave Items. Rows
/// from kRowsOrderMinChannels take the `_rows` kernels; from fewestByBlock,
/// a block a work-item (Blocks) where that gives every compute unit
/// kRowsByBlockItemsPerUnit work-items, else the `_rows` kernels; where
/// those are missing (an older artifact), Items.
ItemOrder chooseItemOrder(bool rows, int64_t blocks, int64_t channels,
                          int64_t computeUnits, bool rowsKernels,
                          std::optional<ItemOrder> forced = std::nullopt,
                          int64_t fewestByBlock = 0);

/// Whether `channels` channels that are `rows` take the three passes by
/// default (defaultLookbackMode's `rows`): the program has the `_rows`
/// kernels and chooseItemOrder, given the same `forced` and
/// `fewestByBlock`, hands their items out by block or in row order,
/// whatever the block count. Channels that are not rows: never.
bool rowsLeaveTheItemOrder(bool rows, int64_t channels, bool rowsKernels,
                           std::optional<ItemOrder> forced = std::nullopt,
                           int64_t fewestByBlock = 0);

/// "items", "blocks" or "rows".
const char *itemOrderName(ItemOrder order);
/// The order `name` names (itemOrderName); false for another name.
bool parseItemOrder(const std::string &name, ItemOrder &order);

/// The channels and steps from which the default mode is the one pass on a
/// device that guarantees forward progress (defaultLookbackMode).
constexpr int64_t kOnePassMinChannels = 8192;
constexpr int64_t kOnePassMinSteps = 1024;

/// The steps from which (kTileMinSteps) and below which (kTileMaxSteps) the
/// default mode is the register tile where the program has it, at
/// kTileChunk steps per block and work-groups of kTileWorkGroup
/// (defaultLookbackMode).
constexpr int64_t kTileMinSteps = 256;
constexpr int64_t kTileMaxSteps = 4096;
constexpr int64_t kTileChunk = 64;
constexpr int64_t kTileWorkGroup = 128;

/// The row one pass's default block (KernelAbi.h, AGG_onepass_rows): its
/// staged steps, kOnePassRowsStagedSteps (its work-group: the parts, 256
/// of 16 steps or 128 of 32).
constexpr int64_t kRowsOnePassChunk = 4096;

/// The channels and steps from which the default mode is the flag-word one
/// pass where the program has it, at chunk kOnePassWordsSteps
/// (KernelAbi.h) and work-groups of kTileWorkGroup (defaultLookbackMode).
constexpr int64_t kWordsMinChannels = 2048;
constexpr int64_t kWordsMinSteps = 256;

/// The channel-group walk's default block (kWalkParts parts of the step's
/// walkPartSteps, KernelAbi.h: 256 steps for parts of 32, 512 for the
/// cumulative sum's parts of 64), work-group (kWalkWorkGroup work-items: 32
/// channels of 8 parts) and the channels per compute unit from which the
/// default rule takes it (one work-group's channels each:
/// defaultLookbackMode). The same for every scan at parts of 32: on the H200
/// (benchmarks/NOTES.md "Twenty-fifth session"), % of the copy at
/// (8,8192,1024) / (8,2048,1024) for chunk/work-group 256/256, 256/512,
/// 512/512: h = a*h + b 93.0 / 86.7, 92.8 / 87.5, 83.0 / 80.8; cumsum
/// 86.2 / 80.7, 86.7 / 80.3, 70.6 / 78.7; bf16 h = a*h + b 54.4 / 54.1,
/// 54.3 / 54.2, 49.7 / 49.5. A scan whose aggregate kernel reads one
/// array (a cumulative sum) holds half the values a step and walks parts
/// of 64 (TargetInfo::lookbackWalkStepsOneArray): 8 of them, 0.1482 /
/// 0.0415 ms against 0.1491 / 0.0441 at 8 parts of 32 (4 parts of 64:
/// 0.1756 / 0.0503; 16: 0.1603 / 0.0438); h = a*h + b at parts of 64 ran
/// 196 registers and lost (78.4 / 78.7%). (With parts of 16 steps, scans
/// of one input or 16-bit data had walked twice the parts: "Eighteenth"
/// and "Twentieth session".)
constexpr int64_t kWalkParts = 8;
constexpr int64_t kWalkWorkGroup = 256;
constexpr int64_t kWalkChannelsPerUnit = 32;

/// The walk with fewer channels than kWalkChannelsPerUnit per compute unit
/// but at least kWalkFewMinChannelsPerUnit, on a device whose program has
/// the walk (built so where work-groups make forward progress, the GPUs it
/// was measured on): kWalkFewParts parts a block (the parallelism the
/// channels lack), work-groups of kWalkFewWorkGroup (16 channels of 32
/// parts). On the H200 (benchmarks/NOTES.md "Twenty-sixth session"), % of
/// the copy against the rule's earlier choice, the flag-word one pass:
/// h = a*h + b 44.6 -> 67.4 at (4,2048,512), 48.1 -> 70.5 at
/// (4,4096,512), 52.9 -> 73.3 at (4,8192,512), 29.9 -> 64.8 at
/// (2,2048,512), 26.3 -> 54.1 at (1,4096,512) (512 channels); cumsum
/// (parts of 64) 34.7 -> 76.0 and (at work-groups of 1024) 82.3; bf16
/// 30.7 -> 54.1 and 19.5 -> 48.4; 16 parts 5-10 points less, 64 parts of
/// 32 no better than the one pass.
constexpr int64_t kWalkFewParts = 32;
constexpr int64_t kWalkFewWorkGroup = 512;
constexpr int64_t kWalkFewMinChannelsPerUnit = 3;

/// The steps from which the default rule takes the pair walk over the walk
/// (defaultLookbackMode). On an H100 (benchmarks/NOTES.md "Thirty-seventh
/// session"), bf16 h = a*h + b, % of the device copy, the walk against the
/// pair walk (both at chunk 256, work-groups of 256): 76.0 -> 82.2 at
/// (8,8192,1024), 73.3 -> 76.7-77.6 at (16,4096,512), 73.6 -> 72.1-72.8 at
/// (8,2048,1024). Nearer the walk's floor (kWalkChannelsPerUnit a unit,
/// where the pairs leave half a work-group a compute unit), same run of
/// tests: 57.8 -> 59.0 at (5,8192,1024), 64.4 -> 69.0 at (6,8192,1024),
/// 58.1 -> 59.8 at (4,16384,1280), 52.7 -> 51.3 at (9,4096,512).
constexpr int64_t kWalkPairsMinSteps = 4096;

/// Whether `channels` channels on `computeUnits` compute units walk with
/// few channels (kWalkFewParts parts) rather than kWalkParts: fewer than
/// kWalkChannelsPerUnit a unit, and the units known.
inline bool walkWithFewChannels(int64_t channels, int64_t computeUnits) {
  return computeUnits > 0 && channels / kWalkChannelsPerUnit < computeUnits;
}

/// The mode of a look-back over `steps` steps of `channels` channels
/// without a forced or tuned one. On a device that guarantees forward
/// progress: the flag-word one pass when the program has it (`words`: a
/// scan of one f32 state with a run-time chunk) from kWordsMinChannels
/// channels and kWordsMinSteps steps; else, with at least
/// kOnePassMinChannels channels, the register tile when the program has it
/// (`tile`: a scan of one state with a run-time chunk) and steps are in
/// [kTileMinSteps, kTileMaxSteps), else the one pass (a decoupled
/// look-back, which waits on other work-groups) from kOnePassMinSteps
/// steps. Everywhere else the three passes, which never wait.
///
/// The flag-word one pass on the H200 (benchmarks/NOTES.md "Twelfth
/// session", h = a*h + b f32, % of the device copy): 70.3 / 67.4 / 65.7 /
/// 61.3 / 55.8% at (8,8192,1024) / (16,4096,512) / (8,2048,1024) /
/// (8,1024,1024) / (8,512,1024) against the earlier default's (the one
/// pass, the tile below 4096 steps) 55.2-56.1 / 52.6 / 53.7 / 61.0 /
/// 46.1%; 54.4% at (8,256,1024) against the three passes' 39.2% (the tile
/// not measured there); with fewer channels 57.4% at (4,2048,1024) and
/// 48.7% at (2,4096,1024) against the three passes' (the default there)
/// 37.0 and 30.9%; cumsum 61.1 / 58.0% at (8,8192,1024) / (8,2048,1024)
/// against 55.6 / 42.3%; bf16 41.4 / 40.2% against 38.3 / 27.9%.
///
/// The tile on the H200 (benchmarks/NOTES.md "Tenth session", h = a*h + b,
/// its default chunk 64 and work-groups of 128), against the one pass:
/// (8,512,1024) 0.0366 against 0.0439 ms (the three passes 0.0439),
/// (8,1024,1024) 0.0579-0.0584 against 0.0669-0.0676, (8,2048,1024)
/// 0.1014 against 0.1068, (16,4096,512) 0.1895 against 0.1870 and
/// (8,8192,1024) 0.365 against 0.347. The one pass reads a block's inputs
/// a second time shortly after the first (partly from L2) and, with its
/// 32-flag look-back window, waits little; it was 7-15% faster than the
/// three passes at 8192 channels and T >= 2048 ("Fifth run"; LinOSS 0.156
/// against 0.171 ms), 6% slower at T = 512, and 10% slower for Hawk's
/// 4096 channels (2.43 against 2.21 ms); with few channels its tiles are a
/// few work-items whose look-backs chain (session 3: one channel of 2^28,
/// 910 against 531 ms).
///
/// Before all of that, on any device: the channel-group walk where the
/// program has it (`walk`: a scan of one state with a run-time chunk) and
/// there are at least kWalkChannelsPerUnit channels per compute unit
/// (`computeUnits`), so that every compute unit gets a work-group of
/// kWalkWorkGroup work-items. On the H200, h = a*h + b: 80.7 / 78.3 /
/// 77.9 / 73.7% of the device copy at (8,8192,1024) / (16,4096,512) /
/// (8,2048,1024) / (8,512,1024), against the flag-word one pass's 74.8 /
/// 71.5 / 69.0 / 59.2% in the same run (86.8 / 84.2 / 83.2 / 79.2% since
/// the walk carries its state through the parts' maps: NOTES "Twentieth
/// session"); with 2048 channels (16 per compute
/// unit) 32.1% against 45.5% (benchmarks/NOTES.md "Eighteenth session");
/// its design by hand lost 6-20 points with half the channels per
/// work-group, hence the per-unit floor. (Parts of 32 steps since the
/// twenty-fifth session: 93.0% at (8,8192,1024).) With fewer channels,
/// from kWalkFewMinChannelsPerUnit a unit, the walk too where the program
/// has it, in kWalkFewParts parts (the binding's chunk and work-group:
/// walkWithFewChannels): 1.5-2.4x the flag-word one pass on the H200 from
/// 512 to 2048 channels (session 26).
///
/// Rows whose three passes run in row order or a block a work-item
/// (`rows`: rowsLeaveTheItemOrder) take the three passes before all: on
/// the H200, 2048 rows of 2^14 / 2^17, h = a*h + b, 0.416 / 3.12 ms in
/// row order at chunk 8 against the flag-word one pass's 0.643 / 4.97,
/// 8192 rows of 2^15 3.09 against the walk's 4.82; a cumulative sum of
/// 2048 rows of 2^17 3.50 against the flag-word one pass's 4.88. But a
/// scan that moves few bytes a step (`fewBytesAStep`: one array a step,
/// or 16-bit data) keeps the walk
/// where it fits: a cumulative sum of 8192 rows of 2^15 walked in 3.25 ms
/// against the three passes' 3.46 (NOTES "Twenty-third session").
///
/// Before everything, on a device with forward progress: the row one pass
/// (`rowKernel`: each channel's steps are contiguous, and the program has
/// the kernel) where a channel has at least kRowsOnePassChunk steps. On the
/// H200 (NOTES "Twenty-fourth session"), h = a*h + b: one channel of 2^28
/// 1.73 ms (44.0% of the copy) against the three passes' 3.47; 16 rows of
/// 2^24 1.51 against 3.47; 8192 rows of 2^15 1.34 against 3.09; a
/// cumulative sum of one channel 1.36 against 3.15 and of 8192 rows 0.99
/// against the walk's 3.25.
///
/// Where the walk is taken with a work-group a compute unit (not the walk
/// with few channels) and the program has the pair walk (`walkPairs`: two
/// channels a work-item, 16-bit data read as words of both), the pair walk
/// from kWalkPairsMinSteps steps.
LookbackMode defaultLookbackMode(int64_t channels, int64_t steps,
                                 bool forwardProgress, bool tile = false,
                                 bool words = false, bool walk = false,
                                 int64_t computeUnits = 0, bool rows = false,
                                 bool fewBytesAStep = false,
                                 bool rowKernel = false,
                                 bool walkPairs = false);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKTUNING_H
