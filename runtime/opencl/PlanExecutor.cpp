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
#include "runtime/opencl/PlanCall.h"

#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/CarryTree.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/ExecutorEnvironment.h"
#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/LookbackBinding.h"
#include "runtime/opencl/MatmulStep.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/TuningCache.h"

#include <algorithm>
#include <limits>
#include <map>

namespace sluice::runtime::opencl {

namespace detail {

Call::Call(Context &context, const Plan &plan,
           const std::shared_ptr<const Program> &program,
           const std::vector<Tensor> &args, const PlanExecutorOptions &options)
    : context(context), plan(plan), program(program), args(args),
      options(options) {
  dims = bindDims(plan, args);
  bindLookbackSchedules(plan.steps, plan.buffers, options, context.device(),
                        program.get(), dims, binding);
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

void Call::run(const std::vector<Step> &steps) {
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

void Call::finish() {
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

void Call::uploadArguments() {
  for (size_t b = 0; b < plan.buffers.size(); ++b)
    if (plan.buffers[b].kind == BufferSpec::Kind::Argument)
      buffer(static_cast<int32_t>(b));
}

std::vector<Tensor> Call::results() {
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

Tensor Call::resultOf(int32_t b) {
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

std::vector<int64_t> Call::shapeOf(const BufferSpec &spec) const {
  std::vector<int64_t> shape;
  for (const SizeExpr &size : spec.shape)
    shape.push_back(size.evaluate(dims));
  return shape;
}

cl_mem Call::buffer(int32_t b) {
  if (b < 0 || static_cast<size_t>(b) >= buffers.size())
    throw Error("OpenCL: a step of model '" + plan.model + "' names buffer " +
                std::to_string(b) + " of " + std::to_string(buffers.size()));
  if (!buffers[b]) {
    const BufferSpec &spec = plan.buffers[b];
    if (spec.kind == BufferSpec::Kind::Argument)
      buffers[b] = context.upload(args[spec.index], describeBuffer(plan, spec));
    else
      buffers[b] = context.buffers().allocate(spec.dtype, shapeOf(spec),
                                              describeBuffer(plan, spec));
  }
  return buffers[b].handle();
}

CallKernel &Call::kernelOf(const Step &step) {
  auto found = kernels.find(step.name);
  if (found != kernels.end())
    return found->second;
  if (!program)
    throw Error("OpenCL: no program for kernel '" + step.name + "' of model '" +
                plan.model + "'");
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
std::vector<KernelArg>
Call::bufferAndDimArgs(const std::vector<int32_t> &buffers) {
  std::vector<KernelArg> args;
  for (int32_t b : buffers)
    args.push_back(KernelArg::ofBuffer(buffer(b)));
  for (int64_t d : dims)
    args.push_back(KernelArg::ofInt64(d));
  return args;
}

void Call::launch(const Step &step, int64_t first, int64_t count,
                  int64_t stride, int64_t repeats, int64_t repeatStride) {
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
      local = std::min(
          local, roundUp(items, static_cast<int64_t>(entry.preferredMultiple)));
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

void Call::runKernel(const Step &step) {
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

void Call::runGroupKernel(const Step &step, int64_t groups) {
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

void Call::runLoop(const Step &step) {
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

bool Call::programHas(const std::string &name) {
  return program && program->hasKernel(name);
}

void Call::runLookback(const Step &step) {
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

ItemOrder Call::itemOrderOf(const Step &step, int64_t blocks, int64_t per) {
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

void Call::launchPass(const Step &kernel, ItemOrder order, int64_t blocks,
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
      local = std::min(
          local, roundUp(count, static_cast<int64_t>(entry.preferredMultiple)));
    kernelArgs[scalars + 0] = KernelArg::ofInt64(done);
    kernelArgs[scalars + 1] = KernelArg::ofInt64(done + count);
    entry.kernel->launch(context.queue(), kernelArgs,
                         {static_cast<size_t>(roundUp(count, local))},
                         {static_cast<size_t>(local)}, options.synchronous);
    lastLaunched = rows.name;
  }
}

void Call::runCarryTree(const Step &step, int64_t blocks, int64_t per,
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

} // namespace detail

std::vector<Tensor>
executeOnOpencl(Context &context, const Plan &plan,
                const std::shared_ptr<const Program> &program,
                const std::vector<Tensor> &args,
                const PlanExecutorOptions &options) {
  detail::Call call(context, plan, program, args, options);
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
