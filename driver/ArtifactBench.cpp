//===- ArtifactBench.cpp - `sluice-run --bench`: timing an artifact -------===//
//
// CPU artifacts: wall time of executeOnCpu, the caches flushed by writing a
// 256 MiB host buffer before each run. OpenCL artifacts: the plan executor
// uploads every argument first, then calls the bench's hook, which enqueues
// the L2 flush (a 256 MiB clEnqueueFillBuffer, like the `zero_()` of the
// GPU baselines) whose end is the start stamp; after the last launch a
// 4-byte fill is the stop stamp. The time is stop.START - flush.END from
// the queue's profiling timestamps: every kernel and the gaps between them,
// no host<->device copy.
//
//===----------------------------------------------------------------------===//

#include "driver/ArtifactBench.h"
#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/opencl/Context.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/OpenclModel.h"
#include "runtime/opencl/PlanExecutor.h"
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <set>

namespace sluice::driver {

double BenchFigures::medianMs() const {
  if (milliseconds.empty())
    return 0;
  std::vector<double> sorted = milliseconds;
  std::sort(sorted.begin(), sorted.end());
  size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double BenchFigures::gigabytesPerSecond() const {
  double ms = medianMs();
  return ms > 0 ? static_cast<double>(uniqueBytes) / (ms * 1e6) : 0;
}

std::string formatBenchLine(const BenchFigures &figures) {
  double least = 0, most = 0;
  if (!figures.milliseconds.empty()) {
    least = *std::min_element(figures.milliseconds.begin(),
                              figures.milliseconds.end());
    most = *std::max_element(figures.milliseconds.begin(),
                             figures.milliseconds.end());
  }
  char numbers[256];
  std::snprintf(numbers, sizeof numbers,
                "runs=%zu median_ms=%.4f min_ms=%.4f max_ms=%.4f "
                "unique_bytes=%lld gbps=%.1f",
                figures.milliseconds.size(), figures.medianMs(), least, most,
                static_cast<long long>(figures.uniqueBytes),
                figures.gigabytesPerSecond());
  return "bench model=" + figures.model + " target=" + figures.target + " " +
         numbers;
}

namespace {

/// Arguments and results, each counted once (results that share a buffer
/// with each other or are an argument's buffer count once).
int64_t uniqueBytesOf(const runtime::Plan &plan,
                      const std::vector<runtime::Tensor> &args,
                      const std::vector<runtime::Tensor> &results) {
  int64_t bytes = 0;
  std::set<int32_t> counted;
  for (const runtime::Tensor &arg : args)
    bytes += runtime::byteSizeOf(arg.dtype(), arg.shape());
  for (size_t b = 0; b < plan.buffers.size(); ++b)
    if (plan.buffers[b].kind == runtime::BufferSpec::Kind::Argument)
      counted.insert(static_cast<int32_t>(b));
  for (size_t i = 0; i < results.size() && i < plan.results.size(); ++i)
    if (counted.insert(plan.results[i].buffer).second)
      bytes += runtime::byteSizeOf(results[i].dtype(), results[i].shape());
  return bytes;
}

void writeOutputs(const runtime::Plan &plan,
                  const std::vector<runtime::Tensor> &outputs,
                  const std::string &dir) {
  std::vector<std::string> names;
  std::vector<runtime::DType> declared;
  for (const runtime::ValueSpec &r : plan.results) {
    names.push_back(r.name);
    declared.push_back(r.dtype);
  }
  writeOutputFiles(names, declared, outputs, dir);
}

BenchFigures benchOnCpu(const ArtifactRunOptions &options,
                        const InputSources &sources) {
  std::unique_ptr<runtime::Artifact> artifact =
      runtime::loadArtifact(options.artifact);
  const runtime::Plan &plan = artifact->plan;
  std::vector<runtime::Tensor> args = bindArguments(
      plan.model, argSpecsOf(plan), plan.dimNames, sources);
  std::vector<runtime::Tensor> outputs = runtime::executeOnCpu(plan, args);
  writeOutputs(plan, outputs, options.outputDir);
  BenchFigures figures{plan.model, "cpu", {}, 0};
  figures.uniqueBytes = uniqueBytesOf(plan, args, outputs);
  std::vector<char> flush(static_cast<size_t>(kCacheFlushBytes));
  for (int run = 0; run < options.benchRuns; ++run) {
    std::memset(flush.data(), run & 0xff, flush.size());
    auto start = std::chrono::steady_clock::now();
    runtime::executeOnCpu(plan, args);
    std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - start;
    figures.milliseconds.push_back(took.count());
  }
  return figures;
}

#ifdef SLUICE_HAVE_OPENCL
/// An event the bench owns (released when it goes).
struct OwnedEvent {
  cl_event event = nullptr;
  OwnedEvent() = default;
  OwnedEvent(const OwnedEvent &) = delete;
  OwnedEvent &operator=(const OwnedEvent &) = delete;
  ~OwnedEvent() { reset(); }
  void reset() {
    if (event)
      clReleaseEvent(event);
    event = nullptr;
  }
  /// A profiling timestamp of the event, in nanoseconds.
  cl_ulong stamp(cl_profiling_info which) const {
    cl_ulong value = 0;
    runtime::opencl::check(clGetEventProfilingInfo(event, which, sizeof value,
                                                   &value, nullptr),
                           "clGetEventProfilingInfo", "a bench timestamp");
    return value;
  }
};

/// Enqueues a fill of the first `bytes` bytes of `buffer` with `word`;
/// `event` receives its event.
void enqueueFill(cl_command_queue queue, cl_mem buffer, size_t bytes,
                 cl_uint word, OwnedEvent &event) {
  event.reset();
  runtime::opencl::check(clEnqueueFillBuffer(queue, buffer, &word, sizeof word,
                                             0, bytes, 0, nullptr,
                                             &event.event),
                         "clEnqueueFillBuffer", "the bench's cache flush");
}

BenchFigures benchOnOpencl(const ArtifactRunOptions &options,
                           const InputSources &sources) {
  namespace cl = runtime::opencl;
  runtime::OpenclArtifact read = runtime::readOpenclArtifact(options.artifact);
  const runtime::Plan &plan = read.plan;
  std::shared_ptr<cl::Context> context =
      cl::sharedContext(cl::selectDevice(""));
  std::shared_ptr<const cl::Program> program = context->programs().build(
      "model '" + plan.model + "'", read.source);
  std::vector<runtime::Tensor> args = bindArguments(
      plan.model, argSpecsOf(plan), plan.dimNames, sources);
  cl::Buffer flush = context->buffers().allocate(
      static_cast<size_t>(kCacheFlushBytes), "the bench's cache flush buffer");
  OwnedEvent flushed, stopped;
  cl_uint word = 0;
  cl::PlanExecutorOptions timed;
  // The parallelism per-thread step guards scale by (0: the compute units):
  // SLUICE_BENCH_PARALLELISM=1 makes every scan of >= 128 channels
  // channel-parallel, to compare the strategies on one shape.
  if (const char *parallelism = std::getenv("SLUICE_BENCH_PARALLELISM"))
    timed.parallelism = std::strtoll(parallelism, nullptr, 10);
  timed.beforeLaunches = [&] {
    enqueueFill(context->queue(), flush.handle(), flush.bytes(), ++word,
                flushed);
  };
  timed.afterLaunches = [&] {
    enqueueFill(context->queue(), flush.handle(), sizeof word, word, stopped);
  };
  std::vector<runtime::Tensor> outputs =
      cl::executeOnOpencl(*context, plan, program, args, timed);
  writeOutputs(plan, outputs, options.outputDir);
  BenchFigures figures{plan.model, "opencl", {}, 0};
  figures.uniqueBytes = uniqueBytesOf(plan, args, outputs);
  for (int run = 0; run < options.benchRuns; ++run) {
    cl::executeOnOpencl(*context, plan, program, args, timed);
    if (!flushed.event || !stopped.event)
      throw sluice::Error("OpenCL: the plan executor did not call the "
                           "bench's launch hooks");
    cl_ulong start = flushed.stamp(CL_PROFILING_COMMAND_END);
    cl_ulong stop = stopped.stamp(CL_PROFILING_COMMAND_START);
    figures.milliseconds.push_back(
        stop > start ? static_cast<double>(stop - start) * 1e-6 : 0.0);
  }
  return figures;
}
#endif

} // namespace

void benchArtifact(const ArtifactRunOptions &options) {
  if (options.benchRuns < 1)
    throw InputError("--bench needs at least 1 run, got " +
                     std::to_string(options.benchRuns));
  InputSources sources{options.inputs, options.random, parseSeed(options.seed)};
  BenchFigures figures;
  if (runtime::readManifest(options.artifact).info.target == "opencl") {
#ifdef SLUICE_HAVE_OPENCL
    figures = benchOnOpencl(options, sources);
#else
    throw runtime::ArtifactError(
        "artifact '" + options.artifact + "' is for target 'opencl'; this "
        "sluice-run was built without OpenCL and runs 'cpu' artifacts only");
#endif
  } else {
    figures = benchOnCpu(options, sources);
  }
  std::cout << formatBenchLine(figures) << "\n";
}

} // namespace sluice::driver
