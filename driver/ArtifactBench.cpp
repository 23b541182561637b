//===- ArtifactBench.cpp - `sluice-run --bench`: timing an artifact -------===//
//
// CPU artifacts: wall time of executeOnCpu, the caches flushed by writing a
// 256 MiB host buffer before each run. OpenCL artifacts: the device time of
// runtime/opencl/DeviceTimer.h (a 256 MiB fill flushes the L2 after the
// uploads; profiling timestamps from its end to a 4-byte fill after the
// last launch: every kernel and the gaps between them, no host<->device
// copy).
//
//===----------------------------------------------------------------------===//

#include "driver/ArtifactBench.h"
#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/opencl/Context.h"
#include "runtime/opencl/DeviceTimer.h"
#include "runtime/opencl/KernelAbi.h"
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
      plan.model, argSpecsOf(plan), runtime::modelDimNames(plan), sources);
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
BenchFigures benchOnOpencl(const ArtifactRunOptions &options,
                           const InputSources &sources) {
  namespace cl = runtime::opencl;
  runtime::OpenclArtifact read = runtime::readOpenclArtifact(options.artifact);
  const runtime::Plan &plan = read.plan;
  std::shared_ptr<cl::Context> context =
      cl::sharedContext(cl::selectDevice(""));
  // Built as OpenclModel builds it (sluice-run without --bench).
  std::shared_ptr<const cl::Program> program =
      context->programs().build("model '" + plan.model + "'", read.source,
                                cl::planBuildOptions(context->device()));
  std::vector<runtime::Tensor> args = bindArguments(
      plan.model, argSpecsOf(plan), runtime::modelDimNames(plan), sources);
  cl::DeviceTimer timer(*context);
  cl::PlanExecutorOptions untimed;
  // The parallelism per-thread step guards scale by (0: the compute units):
  // SLUICE_BENCH_PARALLELISM=1 makes every scan of >= 128 channels
  // channel-parallel, to compare the strategies on one shape.
  if (const char *parallelism = std::getenv("SLUICE_BENCH_PARALLELISM"))
    untimed.parallelism = std::strtoll(parallelism, nullptr, 10);
  cl::PlanExecutorOptions timed = timer.timed(untimed);
  std::vector<runtime::Tensor> outputs =
      cl::executeOnOpencl(*context, plan, program, args, timed);
  writeOutputs(plan, outputs, options.outputDir);
  BenchFigures figures{plan.model, "opencl", {}, 0};
  figures.uniqueBytes = uniqueBytesOf(plan, args, outputs);
  for (int run = 0; run < options.benchRuns; ++run) {
    cl::executeOnOpencl(*context, plan, program, args, timed);
    figures.milliseconds.push_back(timer.milliseconds());
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
