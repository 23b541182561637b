//===- PlanExecutor.cpp - Runs a plan on an OpenCL device -----------------===//
//
// One call: the dims bound and checked exactly as on the CPU (bindDims,
// checkBufferSizes, stepSelected of runtime/cpu/CpuExecutor.h), buffers
// taken from the context's pool when a step first uses them (arguments
// uploaded then), every launch enqueued on the context's in-order queue
// without waiting (the queue orders them), one wait at the end, and the
// results downloaded. Launches follow KernelAbi.h. A Lookback step runs its
// one-pass kernel (one launch, tiles waiting on their predecessors) where
// the device guarantees forward progress or SLUICE_OPENCL_LOOKBACK=onepass
// asks for it, else three passes that never wait.
//
//===----------------------------------------------------------------------===//

#include "runtime/opencl/PlanExecutor.h"

#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/CarryTree.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/ExecutorEnvironment.h"
#include "runtime/opencl/MatmulStep.h"
#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/LookbackBinding.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/TuningCache.h"

#include <algorithm>
#include <limits>
#include <map>

namespace sluice::runtime::opencl {

namespace {

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
int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The state of one call: bound dims, device buffers, kernel objects.
class Call {
public:
  Call(Context &context, const Plan &plan,
       const std::shared_ptr<const Program> &program,
       const std::vector<Tensor> &args, const PlanExecutorOptions &options)
      : context(context), plan(plan), program(program), args(args),
        options(options) {
    dims = bindDims(plan, args);
    bindLookbackSchedules(plan.steps, plan.buffers, options, context.device(),
                          program.get(),
                          dims, binding);
    checkBufferSizes(plan, dims);
    dims.resize(plan.dimNames.size() + plan.numCounters, 0);
    this->program =
        programForCall(context, program, plan, dims, options.narrowIndexLimit);
    buffers.resize(plan.buffers.size());
    parallelism = options.parallelism > 0
                      ? options.parallelism
                      : std::max<int64_t>(1, context.device().computeUnits);
    maxItemsPerLaunch = std::max<int64_t>(1, options.maxItemsPerLaunch);
  }

  void run(const std::vector<Step> &steps) {
    for (const Step &step : steps) {
      if (!stepSelected(step, dims, parallelism))
        continue;
      switch (step.kind) {
      case Step::Kind::Kernel:
        runKernel(step);
        break;
      case Step::Kind::Matmul:
        runMatmulStep(context, plan, step, dims,
                      [&](int32_t b) { return buffer(b); });
        break;
      case Step::Kind::Lookback:
        runLookback(step);
        break;
      case Step::Kind::Loop:
        runLoop(step);
        break;
      }
    }
  }

  /// Waits for every launch; a failure that shows only now names the last
  /// kernel launched. Then a one-pass look-back kernel whose tile gave up
  /// waiting is an error.
  void finish() {
    check(clFinish(context.queue()), "clFinish",
          lastLaunched.empty()
              ? "model '" + plan.model + "'"
              : "the steps of model '" + plan.model +
                    "' (the last launched: kernel '" + lastLaunched + "')");
    for (auto &[name, status] : onePassStatus) {
      cl_int value = 0;
      context.download(status, &value, sizeof(value));
      if (value != 0)
        throw Error(
            "OpenCL: kernel '" + name + "' of model '" + plan.model +
            "': a look-back tile waited SLUICE_LOOKBACK_SPIN_LIMIT polls for "
            "the previous block's tile: the device (" +
            context.device().describe() +
            ") did not let a waiting work-group's predecessor run, and the "
            "results are wrong (set SLUICE_OPENCL_LOOKBACK=three-pass)");
    }
  }

  /// Uploads every argument buffer now rather than at its first use.
  void uploadArguments() {
    for (size_t b = 0; b < plan.buffers.size(); ++b)
      if (plan.buffers[b].kind == BufferSpec::Kind::Argument)
        buffer(static_cast<int32_t>(b));
  }

  std::vector<Tensor> results() {
    std::vector<Tensor> downloaded(plan.buffers.size());
    std::vector<Tensor> out;
    for (const ValueSpec &spec : plan.results) {
      int32_t b = spec.buffer;
      if (downloaded[b].isNull())
        downloaded[b] = resultOf(b);
      out.push_back(downloaded[b]);
    }
    return out;
  }

private:
  /// The host tensor of buffer `b` after the steps: an argument is the
  /// caller's tensor (as on the CPU), anything else is downloaded.
  Tensor resultOf(int32_t b) {
    const BufferSpec &spec = plan.buffers[b];
    if (spec.kind == BufferSpec::Kind::Argument) {
      const Tensor &arg = args[spec.index];
      return arg.isContiguous() ? arg : arg.clone();
    }
    Tensor tensor = Tensor::uninitialized(spec.dtype, shapeOf(spec),
                                          describeBuffer(plan, spec));
    // A result no step wrote is uninitialised memory, as on the CPU.
    if (buffers[b])
      context.download(buffers[b], tensor);
    return tensor;
  }

  std::vector<int64_t> shapeOf(const BufferSpec &spec) const {
    std::vector<int64_t> shape;
    for (const SizeExpr &size : spec.shape)
      shape.push_back(size.evaluate(dims));
    return shape;
  }

  /// The device buffer of plan buffer `b`, allocated (or uploaded) on first
  /// use. A zero-sized one is still a valid buffer (the pool's smallest).
  cl_mem buffer(int32_t b) {
    if (b < 0 || static_cast<size_t>(b) >= buffers.size())
      throw Error("OpenCL: a step of model '" + plan.model + "' names buffer " +
                  std::to_string(b) + " of " + std::to_string(buffers.size()));
    if (!buffers[b]) {
      const BufferSpec &spec = plan.buffers[b];
      if (spec.kind == BufferSpec::Kind::Argument)
        buffers[b] =
            context.upload(args[spec.index], describeBuffer(plan, spec));
      else
        buffers[b] = context.buffers().allocate(spec.dtype, shapeOf(spec),
                                                describeBuffer(plan, spec));
    }
    return buffers[b].handle();
  }

  CallKernel &kernelOf(const Step &step) {
    auto found = kernels.find(step.name);
    if (found != kernels.end())
      return found->second;
    if (!program)
      throw Error("OpenCL: no program for kernel '" + step.name +
                  "' of model '" + plan.model + "'");
    CallKernel entry;
    entry.kernel = std::make_unique<Kernel>(program, step.name);
    KernelLimits limits = entry.kernel->limits(context.device().device);
    size_t multiple = std::max<size_t>(1, limits.preferredMultiple);
    size_t preferred = kPreferredLocalSize;
    if (auto wanted = binding.preferredLocal.find(step.name);
        wanted != binding.preferredLocal.end())
      preferred = wanted->second;
    size_t local =
        multiple >= preferred ? multiple : preferred / multiple * multiple;
    size_t most = limits.maxWorkGroupSize;
    if (!context.device().maxWorkItemSizes.empty())
      most = std::min(most, context.device().maxWorkItemSizes[0]);
    entry.mostLocal = most;
    entry.requiredLocal = limits.requiredWorkGroupSize;
    if (most > 0 && local > most)
      local = most >= multiple ? most / multiple * multiple : most;
    entry.localSize = std::max<size_t>(1, local);
    entry.preferredMultiple = std::min(multiple, entry.localSize);
    if (limits.requiredWorkGroupSize > 0) // the kernel fixes its work-group
      entry.localSize = entry.preferredMultiple = limits.requiredWorkGroupSize;
    return kernels.emplace(step.name, std::move(entry)).first->second;
  }

  /// The arguments every kernel starts with: `buffers`, then the dims.
  std::vector<KernelArg> bufferAndDimArgs(const std::vector<int32_t> &buffers) {
    std::vector<KernelArg> args;
    for (int32_t b : buffers)
      args.push_back(KernelArg::ofBuffer(buffer(b)));
    for (int64_t d : dims)
      args.push_back(KernelArg::ofInt64(d));
    return args;
  }

  /// Launches `step`'s kernel over `count` work-items (KernelAbi.h), in
  /// launches of at most maxItemsPerLaunch work-items (each its own `first`).
  void launch(const Step &step, int64_t first, int64_t count, int64_t stride,
              int64_t repeats, int64_t repeatStride) {
    if (count <= 0)
      return;
    CallKernel &entry = kernelOf(step);
    std::vector<KernelArg> kernelArgs = bufferAndDimArgs(step.buffers);
    size_t scalars = kernelArgs.size();
    kernelArgs.resize(scalars + kLaunchParams);
    for (int64_t done = 0; done < count; done += maxItemsPerLaunch) {
      int64_t items = std::min(maxItemsPerLaunch, count - done);
      auto local = static_cast<int64_t>(entry.localSize);
      if (items < local) // a small launch: one work-group just big enough
        local = std::min(local, roundUp(items, static_cast<int64_t>(
                                                   entry.preferredMultiple)));
      kernelArgs[scalars + 0] = KernelArg::ofInt64(first + done * stride);
      kernelArgs[scalars + 1] = KernelArg::ofInt64(items);
      kernelArgs[scalars + 2] = KernelArg::ofInt64(stride);
      kernelArgs[scalars + 3] = KernelArg::ofInt64(repeats);
      kernelArgs[scalars + 4] = KernelArg::ofInt64(repeatStride);
      entry.kernel->launch(context.queue(), kernelArgs,
                           {static_cast<size_t>(roundUp(items, local))},
                           {static_cast<size_t>(local)}, options.synchronous);
      lastLaunched = step.name;
    }
  }

  void runKernel(const Step &step) {
    int64_t range = step.range.evaluate(dims);
    if (range <= 0)
      return;
    if (step.groupLanes.constant != 0)
      return runGroupKernel(step, range);
    if (step.sequential)
      launch(step, 0, 1, range, 1, 0);
    else
      launch(step, 0, range, 1, 1, 0);
  }

  /// A scan fused with its reduction (KernelAbi.h): `groups` groups of
  /// Step::groupLanes work-items, perGroup groups a work-group; the step's
  /// body where a group does not fit one.
  void runGroupKernel(const Step &step, int64_t groups) {
    int64_t lanes = step.groupLanes.evaluate(dims);
    CallKernel &entry = kernelOf(step);
    int64_t most = kGroupKernelItems;
    if (entry.mostLocal > 0)
      most = std::min<int64_t>(most, static_cast<int64_t>(entry.mostLocal));
    if (lanes <= 0 || lanes > most)
      return run(step.body);
    int64_t perGroup = std::min(most / lanes, groups);
    int64_t local = lanes * perGroup;
    std::vector<KernelArg> kernelArgs = bufferAndDimArgs(step.buffers);
    for (int64_t value : {groups, lanes, perGroup})
      kernelArgs.push_back(KernelArg::ofInt64(value));
    int64_t global = (groups + perGroup - 1) / perGroup * local;
    entry.kernel->launch(context.queue(), kernelArgs,
                         {static_cast<size_t>(global)},
                         {static_cast<size_t>(local)}, options.synchronous);
    lastLaunched = step.name;
  }

  void runLoop(const Step &step) {
    if (step.counter < 0 || static_cast<size_t>(step.counter) >= dims.size())
      throw Error("OpenCL: loop step '" + step.name + "' of model '" +
                  plan.model + "' has counter " + std::to_string(step.counter) +
                  ", but kernels receive " + std::to_string(dims.size()) +
                  " dims");
    int64_t trips = step.range.evaluate(dims);
    for (int64_t i = 0; i < trips; ++i) {
      dims[step.counter] = step.reverse ? trips - 1 - i : i;
      run(step.body);
    }
  }

  /// Whether the program has a kernel `name` (Program::hasKernel).
  bool programHas(const std::string &name) {
    return program && program->hasKernel(name);
  }

  /// The parts of a block when the one pass of `step` runs its register-
  /// tile kernel (KernelAbi.h), else 0: its schedule's mode is OnePassTile
  /// or SLUICE_OPENCL_ONEPASS_TILE=1 asks, the program has the kernel (built
  /// with kOnePassTileMacro: programBuildOptions) and the chunk is a
  /// multiple of kOnePassTileSteps, of at most kOnePassTileItems parts.
  int64_t tileParts(const Step &step) {
    if (step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
      return 0;
    auto schedule = binding.schedules.find(step.body[0].name);
    if (!onePassTileRequested() &&
        (schedule == binding.schedules.end() ||
         schedule->second.mode != LookbackMode::OnePassTile))
      return 0;
    int64_t chunk = dims[step.chunkDim];
    if (chunk % kOnePassTileSteps != 0 ||
        chunk / kOnePassTileSteps > kOnePassTileItems ||
        !programHas(onePassTileKernelName(step.body[0].name)))
      return 0;
    return chunk / kOnePassTileSteps;
  }

  /// The parts of a block when the one pass of `step` runs its row kernel
  /// (KernelAbi.h, AGG_onepass_rows), else 0: its schedule's mode is
  /// OnePassRows, the program has the kernel and the chunk is the step's
  /// rowsPartSteps times a number of parts the kernel's work-group can be
  /// (kOnePassRowsMinItems to onePassRowsMaxParts).
  int64_t rowsParts(const Step &step) {
    if (step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
      return 0;
    auto schedule = binding.schedules.find(step.body[0].name);
    std::string name = onePassRowsKernelName(step.body[0].name);
    if (schedule == binding.schedules.end() ||
        schedule->second.mode != LookbackMode::OnePassRows || !programHas(name))
      return 0;
    int64_t chunk = dims[step.chunkDim];
    int64_t steps = rowsPartSteps(step), parts = chunk / steps;
    if (chunk % steps != 0 || parts < kOnePassRowsMinItems ||
        parts > onePassRowsMaxParts(steps))
      return 0;
    Step rows;
    rows.name = name;
    rows.buffers = lookbackOnePassBuffers(step);
    const CallKernel &entry = kernelOf(rows);
    auto most = static_cast<int64_t>(entry.mostLocal);
    auto required = static_cast<int64_t>(entry.requiredLocal);
    if ((most > 0 && parts > most) || (required > 0 && required != parts))
      return 0;
    return parts;
  }

  /// Whether the step's schedule (bindLookbackSchedules) asks for one pass
  /// (with or without the register tile).
  bool wantsOnePass(const Step &step) {
    auto found = binding.schedules.find(step.body[0].name);
    return found != binding.schedules.end() && isOnePass(found->second.mode);
  }

  /// A zeroed device buffer of `bytes` bytes (the fill queued in order).
  void zero(const Buffer &buffer, size_t bytes, const std::string &what) {
    cl_int zeroValue = 0;
    check(clEnqueueFillBuffer(context.queue(), buffer.handle(), &zeroValue,
                              sizeof(zeroValue), 0, bytes, 0, nullptr, nullptr),
          "clEnqueueFillBuffer", what);
  }

  /// The single-pass look-back (KernelAbi.h): one launch of work-groups
  /// that take tiles from a ticket, each tile looking back over the
  /// previous blocks' tiles of its items. False when the program lacks the
  /// kernel.
  bool runOnePass(const Step &step, int64_t blocks, int64_t per) {
    Step onePass;
    onePass.name = onePassKernelName(step.body[0].name);
    if (!programHas(onePass.name))
      return false;
    // The row kernel or the register tile where the chunk is made of
    // their parts (rowsParts, tileParts).
    onePass.buffers = lookbackOnePassBuffers(step);
    int64_t rowParts = rowsParts(step);
    int64_t parts = rowParts > 0 ? 0 : tileParts(step);
    bool tile = parts > 0;
    if (rowParts > 0)
      onePass.name = onePassRowsKernelName(step.body[0].name);
    if (tile) {
      // A work-group holds whole channels (all parts of each): where the
      // kernel cannot take `parts` work-items, or requires a size they do
      // not divide, the other kernel runs.
      Step tileStep = onePass;
      tileStep.name = onePassTileKernelName(step.body[0].name);
      tile = partsLocal(kernelOf(tileStep), parts, per) > 0;
      if (tile)
        onePass.name = tileStep.name;
    }
    CallKernel &entry = kernelOf(onePass);
    int64_t local = onePassLocal(entry);
    // A tile of subBlocks consecutive blocks of span = local / subBlocks
    // items each (a work-group size that subBlocks does not divide, or
    // fewer items than span: one block). The register tile: one block of
    // span items, each in `parts` parts, its kernel's subBlocks argument.
    int64_t subBlocks =
        options.onePassSubBlocks > 0
            ? options.onePassSubBlocks
            : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_SUBBLOCKS");
    int64_t tileBlocks = 1;
    if (rowParts > 0) { // one channel a tile, a work-item a part
      subBlocks = rowParts;
      local = rowParts;
    } else if (tile) {
      subBlocks = parts;
      local = partsLocal(entry, parts, per);
    } else {
      if (subBlocks <= 1 || local % subBlocks != 0 || per < local / subBlocks)
        subBlocks = 1;
      if (subBlocks == 1 && per < local) // few items: one block just big enough
        local = std::min(
            local, roundUp(per, static_cast<int64_t>(entry.preferredMultiple)));
      tileBlocks = subBlocks;
    }
    int64_t span = local / subBlocks;
    int64_t groups = (per + span - 1) / span, tiles;
    if (!multiplySizes((blocks + tileBlocks - 1) / tileBlocks, groups, tiles) ||
        tiles > (int64_t(1) << 30))
      throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                  plan.model + "': " + std::to_string(blocks) + " blocks of " +
                  std::to_string(groups) +
                  " work-groups: more tiles than an int flag counts");
    std::string what =
        "kernel '" + onePass.name + "' of model '" + plan.model + "'";
    auto flagBytes = static_cast<size_t>(tiles) * sizeof(cl_int);
    if (!flags || flags.bytes() < flagBytes) {
      if (flags) // a queued launch may still use it
        retired.push_back(std::move(flags));
      flags = context.buffers().allocate(flagBytes,
                                         "the look-back flags of " + what);
    }
    Buffer &status = statusOf(onePass.name, what);
    zero(flags, flagBytes, what);
    std::vector<KernelArg> kernelArgs = onePassArgs(onePass, blocks, per, what);
    kernelArgs.push_back(KernelArg::ofInt64(subBlocks));
    kernelArgs.push_back(KernelArg::ofBuffer(flags.handle()));
    kernelArgs.push_back(KernelArg::ofBuffer(ticket.handle()));
    kernelArgs.push_back(KernelArg::ofInt32(1)); // the epoch
    kernelArgs.push_back(KernelArg::ofBuffer(status.handle()));
    // One work-group per tile, or a few per compute unit that loop over
    // the tiles (fewer tiles in flight, so less data between a tile's
    // aggregate and its apply; on the H200 that did not make the one pass
    // faster: benchmarks/NOTES.md "Decoupled look-back").
    int64_t perUnit =
        options.onePassGroupsPerUnit > 0
            ? options.onePassGroupsPerUnit
            : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT");
    int64_t workGroups = tiles;
    if (perUnit > 0)
      workGroups = std::min(
          tiles, perUnit * std::max<int64_t>(1, context.device().computeUnits));
    launchTiles(entry, onePass.name, kernelArgs, workGroups, local);
    return true;
  }

  /// The work-group size of a kernel whose work-groups hold whole channels
  /// of `parts` parts each (the register tile, the walk: `entry`) for `per`
  /// channels: its own (onePassLocal) within the local arrays' size
  /// (kOnePassTileItems), rounded down to a multiple of the parts (at least
  /// the parts), cut to the channels where they are few; 0 where the kernel
  /// cannot take `parts` work-items or requires a size they do not divide.
  int64_t partsLocal(const CallKernel &entry, int64_t parts, int64_t per) {
    auto most = static_cast<int64_t>(entry.mostLocal);
    auto required = static_cast<int64_t>(entry.requiredLocal);
    if ((most > 0 && parts > most) || parts > kOnePassTileItems ||
        (required > 0 && (required % parts || required > kOnePassTileItems)))
      return 0;
    int64_t local =
        std::max<int64_t>(
            std::min(onePassLocal(entry), kOnePassTileItems) / parts, 1) *
        parts;
    if (required == 0 && per < local / parts) // few items: a short span
      local = std::min(
          local,
          roundUp(per, static_cast<int64_t>(entry.preferredMultiple)) * parts);
    return local;
  }

  /// Launches one-pass kernel `name` (`entry`) as `workGroups` work-groups
  /// of `local`, in pieces of at most maxItemsPerLaunch work-items. Later
  /// launches continue the ticket: their work-groups find the tiles taken
  /// (or wait only on tiles of earlier launches, which the in-order queue
  /// has finished). With `numbered`, the kernel's last argument is each
  /// piece's first work-group (the walk's firstGroup).
  void launchTiles(CallKernel &entry, const std::string &name,
                   std::vector<KernelArg> kernelArgs, int64_t workGroups,
                   int64_t local, bool numbered = false) {
    int64_t perLaunch = std::max<int64_t>(1, maxItemsPerLaunch / local);
    for (int64_t done = 0; done < workGroups; done += perLaunch) {
      if (numbered)
        kernelArgs.back() = KernelArg::ofInt64(done);
      int64_t launched = std::min(perLaunch, workGroups - done);
      entry.kernel->launch(context.queue(), kernelArgs,
                           {static_cast<size_t>(launched * local)},
                           {static_cast<size_t>(local)}, options.synchronous);
      lastLaunched = name;
    }
  }

  /// The flag-word one pass (KernelAbi.h, AGG_onepass_words): one launch
  /// (or a few, continuing the ticket) of work-groups that take tiles of a
  /// block's channels from a ticket. False when the step's schedule does
  /// not ask for it, its chunk is not kOnePassWordsSteps or the program
  /// lacks the kernel.
  bool runOnePassWords(const Step &step, int64_t blocks, int64_t per) {
    if (chunkIn(step, LookbackMode::OnePassWords) != kOnePassWordsSteps)
      return false;
    Step words;
    words.name = onePassWordsKernelName(step.body[0].name);
    if (!programHas(words.name))
      return false;
    words.buffers = lookbackOnePassBuffers(step);
    CallKernel &entry = kernelOf(words);
    int64_t local = onePassLocal(entry);
    if (entry.requiredLocal == 0 && per < local) // few items: a short tile
      local = std::min(
          local, roundUp(per, static_cast<int64_t>(entry.preferredMultiple)));
    int64_t groups = (per + local - 1) / local, tiles, items;
    std::string what =
        "kernel '" + words.name + "' of model '" + plan.model + "'";
    if (!multiplySizes(blocks, groups, tiles) || tiles > (int64_t(1) << 30) ||
        !multiplySizes(blocks, per, items) ||
        items >
            std::numeric_limits<int64_t>::max() / 8 / kAggregateWordsPerItem)
      throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                  plan.model + "': " + std::to_string(blocks) + " blocks of " +
                  std::to_string(per) + " items: more tiles or words than " +
                  what + " counts");
    LookbackWords::Run run = context.lookbackWords().next(
        context.buffers(), context.queue(),
        static_cast<size_t>(items * 8 * kAggregateWordsPerItem),
        static_cast<size_t>(items * 8 * kCarryWordsPerItem), what);
    wordRuns.push_back(run);
    Buffer &status = statusOf(words.name, what);
    std::vector<KernelArg> kernelArgs = onePassArgs(words, blocks, per, what);
    kernelArgs.push_back(KernelArg::ofBuffer(ticket.handle()));
    kernelArgs.push_back(KernelArg::ofInt32(run.epoch));
    kernelArgs.push_back(KernelArg::ofBuffer(status.handle()));
    kernelArgs.push_back(KernelArg::ofBuffer(run.aggregateWords->handle()));
    kernelArgs.push_back(KernelArg::ofBuffer(run.carryWords->handle()));
    // One work-group per tile.
    launchTiles(entry, words.name, kernelArgs, tiles, local);
    return true;
  }

  /// The chunk of `step` (its dims slot) when its bound schedule's mode is
  /// `mode` and it has a chunk dim, else 0.
  int64_t chunkIn(const Step &step, LookbackMode mode) {
    auto schedule = binding.schedules.find(step.body[0].name);
    if (schedule == binding.schedules.end() || schedule->second.mode != mode ||
        step.chunkDim < 0 || static_cast<size_t>(step.chunkDim) >= dims.size())
      return 0;
    return dims[step.chunkDim];
  }

  /// The channel-group walk (KernelAbi.h, AGG_walk): one launch (or a few)
  /// of a work-group per group of channels. False when the step's schedule
  /// does not ask for it, its chunk is not made of parts (walkPartSteps)
  /// that the kernel's work-group can hold, or the program lacks it.
  bool runWalk(const Step &step, int64_t blocks, int64_t per) {
    int64_t chunk = chunkIn(step, LookbackMode::Walk);
    int64_t steps = walkPartSteps(step);
    if (chunk <= 0 || chunk % steps != 0)
      return false;
    Step walk;
    walk.name = walkKernelName(step.body[0].name);
    if (!programHas(walk.name))
      return false;
    walk.buffers = lookbackOnePassBuffers(step);
    CallKernel &entry = kernelOf(walk);
    int64_t parts = chunk / steps;
    // Whole channels (all parts of each) a work-group.
    int64_t local = partsLocal(entry, parts, per);
    if (local == 0)
      return false;
    int64_t span = local / parts, groups = (per + span - 1) / span;
    std::vector<KernelArg> kernelArgs = bufferAndDimArgs(walk.buffers);
    kernelArgs.push_back(KernelArg::ofInt64(blocks));
    kernelArgs.push_back(KernelArg::ofInt64(per));
    kernelArgs.push_back(KernelArg::ofInt64(parts));
    kernelArgs.push_back(KernelArg::ofInt64(0)); // firstGroup, per launch
    launchTiles(entry, walk.name, std::move(kernelArgs), groups, local,
                /*numbered=*/true);
    return true;
  }

  /// The work-group size of one-pass kernel `entry`: its own, or the one
  /// PlanExecutorOptions::onePassLocalSize (SLUICE_OPENCL_ONEPASS_LOCAL)
  /// asks for (within the kernel's limit) where it requires none.
  int64_t onePassLocal(const CallKernel &entry) {
    auto local = static_cast<int64_t>(entry.localSize);
    int64_t asked = options.onePassLocalSize > 0
                        ? options.onePassLocalSize
                        : sizeFromEnvironment("SLUICE_OPENCL_ONEPASS_LOCAL");
    auto most = static_cast<int64_t>(entry.mostLocal);
    if (asked > 0 && entry.requiredLocal == 0)
      local = most > 0 ? std::min(asked, most) : asked;
    return local;
  }

  /// The arguments every one-pass kernel `kernel` starts with (its buffers,
  /// the dims, `blocks` and `items`), the ticket (made on first use) zeroed
  /// for its launch.
  std::vector<KernelArg> onePassArgs(const Step &kernel, int64_t blocks,
                                     int64_t items, const std::string &what) {
    if (!ticket)
      ticket = context.buffers().allocate(sizeof(cl_int),
                                          "the look-back ticket of " + what);
    zero(ticket, sizeof(cl_int), what);
    std::vector<KernelArg> kernelArgs = bufferAndDimArgs(kernel.buffers);
    kernelArgs.push_back(KernelArg::ofInt64(blocks));
    kernelArgs.push_back(KernelArg::ofInt64(items));
    return kernelArgs;
  }

  /// The status word of one-pass kernel `name` (zeroed when first made; a
  /// tile that gave up waiting sets it: finish checks it).
  Buffer &statusOf(const std::string &name, const std::string &what) {
    auto status = onePassStatus.find(name);
    if (status == onePassStatus.end()) {
      status = onePassStatus
                   .emplace(name, context.buffers().allocate(
                                      sizeof(cl_int),
                                      "the look-back status of " + what))
                   .first;
      zero(status->second, sizeof(cl_int), what);
    }
    return status->second;
  }

  /// The one-pass kernel where it is asked for and the program has it;
  /// otherwise three passes, none of which waits on another work-group:
  /// every block's aggregate at once, the carries (work-item g walks the
  /// blocks' item g in block order, or the carry tree where blocks are
  /// many), then every block's apply.
  void runLookback(const Step &step) {
    if (step.body.size() < 3 || (step.body.size() - 3) % 3 != 0)
      throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                  plan.model +
                  "' needs 3 kernels (aggregate, carry, apply) and 3 per "
                  "carry-tree level, has " +
                  std::to_string(step.body.size()));
    int64_t blocks = step.range.evaluate(dims);
    int64_t per = step.blockItems.evaluate(dims);
    if (blocks <= 0 || per <= 0)
      return;
    int64_t items;
    if (!multiplySizes(blocks, per, items))
      throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                  plan.model + "': " + std::to_string(blocks) + " blocks of " +
                  std::to_string(per) + " items overflow int64");
    if (wantsOnePass(step) &&
        (runOnePassWords(step, blocks, per) || runOnePass(step, blocks, per)))
      return;
    if (runWalk(step, blocks, per))
      return;
    // Items are block-major (item = block * per + channel). Where each
    // channel's steps are contiguous (rows), a work-item a block or the
    // `_rows` kernels put a warp's work-items on consecutive blocks of one
    // row rather than on 32 rows, each in a page of its own
    // (chooseItemOrder; benchmarks/NOTES.md "Twenty-third session").
    ItemOrder order = itemOrderOf(step, blocks, per);
    launchPass(step.body[0], order, blocks, per, items);
    int64_t fanout = options.carryFanout > 0 ? options.carryFanout
                                             : carryFanoutFromEnvironment();
    CarryTreeShape tree = chooseCarryTree(
        blocks, static_cast<int>((step.body.size() - 3) / 3), fanout);
    if (tree.levels == 0)
      launch(step.body[1], 0, per, 1, blocks, per);
    else
      runCarryTree(step, blocks, per, tree);
    launchPass(step.body[2], order, blocks, per, items);
  }

  /// The item order of `step`'s aggregate and apply (chooseItemOrder).
  ItemOrder itemOrderOf(const Step &step, int64_t blocks, int64_t per) {
    int64_t stride = 0;
    try {
      stride = step.stepStride.evaluate(dims);
    } catch (const SizeOverflow &) {
    }
    bool rowsKernels = programHas(rowsKernelName(step.body[0].name)) &&
                       programHas(rowsKernelName(step.body[2].name));
    return chooseItemOrder(
        stride == 1, blocks, per, context.device().computeUnits, rowsKernels,
        itemOrderFromEnvironment(),
        sizeFromEnvironment("SLUICE_OPENCL_ROWS_MIN_CHANNELS"));
  }

  /// The aggregate or apply kernel `kernel` of a look-back over `blocks`
  /// blocks of `per` items (`items` in all) in `order` (KernelAbi.h).
  void launchPass(const Step &kernel, ItemOrder order, int64_t blocks,
                  int64_t per, int64_t items) {
    if (order == ItemOrder::Blocks)
      return launch(kernel, 0, blocks, per, 1, 0);
    if (order == ItemOrder::Items)
      return launch(kernel, 0, items, 1, 1, 0);
    Step rows;
    rows.name = rowsKernelName(kernel.name);
    rows.buffers = kernel.buffers;
    CallKernel &entry = kernelOf(rows);
    std::vector<KernelArg> kernelArgs = bufferAndDimArgs(rows.buffers);
    size_t scalars = kernelArgs.size();
    kernelArgs.resize(scalars + kRowsLaunchParams);
    kernelArgs[scalars + 2] = KernelArg::ofInt64(blocks);
    kernelArgs[scalars + 3] = KernelArg::ofInt64(per);
    for (int64_t done = 0; done < items; done += maxItemsPerLaunch) {
      int64_t count = std::min(maxItemsPerLaunch, items - done);
      auto local = static_cast<int64_t>(entry.localSize);
      if (count < local)
        local = std::min(local, roundUp(count, static_cast<int64_t>(
                                                   entry.preferredMultiple)));
      kernelArgs[scalars + 0] = KernelArg::ofInt64(done);
      kernelArgs[scalars + 1] = KernelArg::ofInt64(done + count);
      entry.kernel->launch(context.queue(), kernelArgs,
                           {static_cast<size_t>(roundUp(count, local))},
                           {static_cast<size_t>(local)}, options.synchronous);
      lastLaunched = rows.name;
    }
  }

  /// The carries as a tree (codegen/cpu/ScanCarryTree.h): level l's kernels
  /// are body[3l .. 3l+2] = compose, top, expand; G goes to dims[counter].
  void runCarryTree(const Step &step, int64_t blocks, int64_t per,
                    const CarryTreeShape &tree) {
    if (step.counter < 0 || static_cast<size_t>(step.counter) >= dims.size())
      throw Error("OpenCL: look-back step '" + step.name + "' of model '" +
                  plan.model + "' has its carry tree's fanout in dims slot " +
                  std::to_string(step.counter) + ", but kernels receive " +
                  std::to_string(dims.size()) + " dims");
    dims[step.counter] = tree.fanout;
    std::vector<int64_t> nodes{blocks};
    for (int l = 1; l <= tree.levels; ++l)
      nodes.push_back(carryTreeParents(nodes.back(), tree.fanout));
    auto kernel = [&](int level, int which) -> const Step & {
      return step.body[3 * level + which];
    };
    for (int l = 1; l <= tree.levels; ++l)
      launch(kernel(l, 0), 0, nodes[l] * per, 1, 1, 0);
    launch(kernel(tree.levels, 1), 0, per, 1, 1, 0);
    for (int l = tree.levels; l >= 1; --l)
      launch(kernel(l, 2), 0, nodes[l] * per, 1, 1, 0);
  }

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

} // namespace

std::vector<Tensor>
executeOnOpencl(Context &context, const Plan &plan,
                const std::shared_ptr<const Program> &program,
                const std::vector<Tensor> &args,
                const PlanExecutorOptions &options) {
  Call call(context, plan, program, args, options);
  if (options.beforeLaunches) {
    call.uploadArguments();
    options.beforeLaunches();
  }
  call.run(plan.steps);
  if (options.afterLaunches)
    options.afterLaunches();
  call.finish();
  return call.results();
}

} // namespace sluice::runtime::opencl
