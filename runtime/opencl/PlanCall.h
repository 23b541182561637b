//===- PlanCall.h - One call of the OpenCL plan executor -------*- C++ -*-===//
//
// The state of one executeOnOpencl call (bound dims, device buffers, kernel
// objects, the look-back schedules bound) and its launches, shared by
// PlanExecutor.cpp (steps, kernels, loops, the three passes and the carry
// tree) and PlanCallOnePass.cpp (the single-pass look-back kernels and the
// channel-group walk). Private to the OpenCL runtime.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_PLANCALL_H
#define SLUICE_RUNTIME_OPENCL_PLANCALL_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/CarryTree.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/LookbackBinding.h"
#include "runtime/opencl/LookbackTuning.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sluice::runtime::opencl::detail {

/// A kernel of the program, created on first use in a call, and the
/// work-group size its launches use.
struct CallKernel {
  std::unique_ptr<Kernel> kernel;
  size_t localSize = 1;
  size_t preferredMultiple = 1;
  /// The largest work-group the kernel takes on this device (its limit
  /// clipped by the device's first work-item size; 0: no limit known).
  size_t mostLocal = 0;
  /// The work-group size the kernel requires (0: none).
  size_t requiredLocal = 0;
};

/// `value` rounded up to a multiple of `multiple` (> 0).
inline int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The state of one call: bound dims, device buffers, kernel objects.
class Call {
public:
  /// Binds the dims (bindDims, as the CPU executor) and the look-back
  /// schedules, checks the buffers' sizes and chooses the program for the
  /// call's index width (programForCall).
  Call(Context &context, const Plan &plan,
       const std::shared_ptr<const Program> &program,
       const std::vector<Tensor> &args, const PlanExecutorOptions &options);

  /// Enqueues `steps` in order, each where stepSelected takes it.
  void run(const std::vector<Step> &steps);

  /// Waits for every launch; a failure that shows only now names the last
  /// kernel launched. Then a one-pass look-back kernel whose tile gave up
  /// waiting is an error.
  void finish();

  /// Uploads every argument buffer now rather than at its first use.
  void uploadArguments();

  /// The model's results, in the plan's order (after finish).
  std::vector<Tensor> results();

private:
  /// The host tensor of buffer `b` after the steps: an argument is the
  /// caller's tensor (as on the CPU), anything else is downloaded.
  Tensor resultOf(int32_t b);

  /// The shape of a plan buffer at the bound dims.
  std::vector<int64_t> shapeOf(const BufferSpec &spec) const;

  /// The device buffer of plan buffer `b`, allocated (or uploaded) on first
  /// use. A zero-sized one is still a valid buffer (the pool's smallest).
  cl_mem buffer(int32_t b);

  /// The kernel of `step`, created on first use with the work-group size
  /// its launches use (the binding's, within the kernel's limits).
  CallKernel &kernelOf(const Step &step);

  /// The arguments every kernel starts with: `buffers`, then the dims.
  std::vector<KernelArg> bufferAndDimArgs(const std::vector<int32_t> &buffers);

  /// Launches `step`'s kernel over `count` work-items (KernelAbi.h), in
  /// launches of at most maxItemsPerLaunch work-items (each its own `first`).
  void launch(const Step &step, int64_t first, int64_t count, int64_t stride,
              int64_t repeats, int64_t repeatStride);

  /// A Kernel step: its range in launches, or its group kernel.
  void runKernel(const Step &step);

  /// A scan fused with its reduction (KernelAbi.h): `groups` groups of
  /// Step::groupLanes work-items, perGroup groups a work-group; the step's
  /// body where a group does not fit one.
  void runGroupKernel(const Step &step, int64_t groups);

  /// A Loop step: its body once per iteration, the counter in its dim.
  void runLoop(const Step &step);

  /// Whether the program has a kernel `name` (Program::hasKernel).
  bool programHas(const std::string &name);

  /// The parts of a block when the one pass of `step` runs its register-
  /// tile kernel (KernelAbi.h), else 0: its schedule's mode is OnePassTile
  /// or SLUICE_OPENCL_ONEPASS_TILE=1 asks, the program has the kernel (built
  /// with kOnePassTileMacro: programBuildOptions) and the chunk is a
  /// multiple of kOnePassTileSteps, of at most kOnePassTileItems parts.
  int64_t tileParts(const Step &step);

  /// The parts of a block when the one pass of `step` runs its row kernel
  /// (KernelAbi.h, AGG_onepass_rows), else 0: its schedule's mode is
  /// OnePassRows, the program has the kernel and the chunk is the step's
  /// rowsPartSteps times a number of parts the kernel's work-group can be
  /// (kOnePassRowsMinItems to onePassRowsMaxParts).
  int64_t rowsParts(const Step &step);

  /// The single-pass kernel `name` of look-back `lookback` as a step of its
  /// own (the union of the look-back's buffers: lookbackOnePassBuffers), or
  /// nothing where the program lacks it.
  std::optional<Step> onePassStep(const Step &lookback,
                                  const std::string &name);

  /// Whether the step's schedule (bindLookbackSchedules) asks for one pass
  /// (with or without the register tile).
  bool wantsOnePass(const Step &step);

  /// A zeroed device buffer of `bytes` bytes (the fill queued in order).
  void zero(const Buffer &buffer, size_t bytes, const std::string &what);

  /// The single-pass look-back (KernelAbi.h): one launch of work-groups
  /// that take tiles from a ticket, each tile looking back over the
  /// previous blocks' tiles of its items. False when the program lacks the
  /// kernel.
  bool runOnePass(const Step &step, int64_t blocks, int64_t per);

  /// The work-group size of a kernel whose work-groups hold whole channels
  /// of `parts` parts each (the register tile, the walk: `entry`) for `per`
  /// channels: its own (onePassLocal) within the local arrays' size
  /// (kOnePassTileItems), rounded down to a multiple of the parts (at least
  /// the parts), cut to the channels where they are few; 0 where the kernel
  /// cannot take `parts` work-items or requires a size they do not divide.
  int64_t partsLocal(const CallKernel &entry, int64_t parts, int64_t per);

  /// Launches one-pass kernel `name` (`entry`) as `workGroups` work-groups
  /// of `local`, in pieces of at most maxItemsPerLaunch work-items. Later
  /// launches continue the ticket: their work-groups find the tiles taken
  /// (or wait only on tiles of earlier launches, which the in-order queue
  /// has finished). With `numbered`, the kernel's last argument is each
  /// piece's first work-group (the walk's firstGroup).
  void launchTiles(CallKernel &entry, const std::string &name,
                   std::vector<KernelArg> kernelArgs, int64_t workGroups,
                   int64_t local, bool numbered = false);

  /// The flag-word one pass (KernelAbi.h, AGG_onepass_words): one launch
  /// (or a few, continuing the ticket) of work-groups that take tiles of a
  /// block's channels from a ticket. False when the step's schedule does
  /// not ask for it, its chunk is not kOnePassWordsSteps or the program
  /// lacks the kernel.
  bool runOnePassWords(const Step &step, int64_t blocks, int64_t per);

  /// The chunk of `step` (its dims slot) when its bound schedule's mode is
  /// `mode` and it has a chunk dim, else 0.
  int64_t chunkIn(const Step &step, LookbackMode mode);

  /// The channel-group walk (KernelAbi.h, AGG_walk): one launch (or a few)
  /// of a work-group per group of channels. False when the step's schedule
  /// does not ask for it, its chunk is not made of parts (walkPartSteps)
  /// that the kernel's work-group can hold, or the program lacks it.
  bool runWalk(const Step &step, int64_t blocks, int64_t per);

  /// The work-group size of one-pass kernel `entry`: its own, or the one
  /// PlanExecutorOptions::onePassLocalSize (SLUICE_OPENCL_ONEPASS_LOCAL)
  /// asks for (within the kernel's limit) where it requires none.
  int64_t onePassLocal(const CallKernel &entry);

  /// The arguments every one-pass kernel `kernel` starts with (its buffers,
  /// the dims, `blocks` and `items`), the ticket (made on first use) zeroed
  /// for its launch.
  std::vector<KernelArg> onePassArgs(const Step &kernel, int64_t blocks,
                                     int64_t items, const std::string &what);

  /// The status word of one-pass kernel `name` (zeroed when first made; a
  /// tile that gave up waiting sets it: finish checks it).
  Buffer &statusOf(const std::string &name, const std::string &what);

  /// The one-pass kernel where it is asked for and the program has it;
  /// otherwise three passes, none of which waits on another work-group:
  /// every block's aggregate at once, the carries (work-item g walks the
  /// blocks' item g in block order, or the carry tree where blocks are
  /// many), then every block's apply.
  void runLookback(const Step &step);

  /// The item order of `step`'s aggregate and apply (chooseItemOrder).
  ItemOrder itemOrderOf(const Step &step, int64_t blocks, int64_t per);

  /// The aggregate or apply kernel `kernel` of a look-back over `blocks`
  /// blocks of `per` items (`items` in all) in `order` (KernelAbi.h).
  void launchPass(const Step &kernel, ItemOrder order, int64_t blocks,
                  int64_t per, int64_t items);

  /// The carries as a tree (codegen/cpu/ScanCarryTree.h): level l's kernels
  /// are body[3l .. 3l+2] = compose, top, expand; G goes to dims[counter].
  void runCarryTree(const Step &step, int64_t blocks, int64_t per,
                    const CarryTreeShape &tree);

  Context &context;
  const Plan &plan;
  std::shared_ptr<const Program> program; ///< programForCall's choice
  const std::vector<Tensor> &args;
  const PlanExecutorOptions &options;
  std::vector<int64_t> dims; ///< model dims, then loop counters
  std::vector<Buffer> buffers;
  std::map<std::string, CallKernel> kernels;
  int64_t parallelism = 1;
  int64_t maxItemsPerLaunch = 1;
  std::string lastLaunched;
  /// One-pass look-back: the tiles' flags and ticket (zeroed before each
  /// launch) and, per kernel, its status (zeroed once; checked by finish).
  Buffer flags, ticket;
  std::vector<Buffer> retired; ///< smaller flags, kept until the call ends
  std::map<std::string, Buffer> onePassStatus;
  /// The flag-word one pass's word buffers of each run, held until the call
  /// ends (LookbackWords::Run).
  std::vector<LookbackWords::Run> wordRuns;
  /// Per Lookback step (by its aggregate kernel), the schedule bound, and
  /// the work-group sizes asked for by kernel name (Lookback kernels; the
  /// rest kPreferredLocalSize).
  LookbackBinding binding;
};

} // namespace sluice::runtime::opencl::detail

#endif // SLUICE_RUNTIME_OPENCL_PLANCALL_H
