//===- ArtifactTune.cpp - Tuning a plan on the OpenCL device --------------===//

#include "driver/ArtifactTune.h"
#include "driver/RunInputs.h"
#include "runtime/Artifact.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/GemmTuning.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/MatmulStep.h"
#include "runtime/opencl/OpenclModel.h"
#include "runtime/opencl/Tuner.h"
#include "runtime/opencl/TuningCache.h"
#endif

#include <iostream>

namespace sluice::driver {

void tuneOnOpencl(const runtime::Plan &plan, const std::string &source,
                  const std::vector<runtime::Tensor> &args,
                  const TuneRequest &request) {
#ifdef SLUICE_HAVE_OPENCL
  namespace cl = runtime::opencl;
  std::shared_ptr<cl::Context> context =
      cl::sharedContext(cl::selectDevice(""));
  std::shared_ptr<const cl::Program> program =
      context->programs().build("model '" + plan.model + "'", source,
                                cl::planBuildOptions(context->device()));
  cl::TuneOptions options;
  options.random = request.random;
  options.seed = request.seed;
  options.runs = request.runs;
  cl::TuningCache &cache = cl::TuningCache::forProcess();
  bool lookbacks = cl::hasLookbacks(plan);
  std::vector<int64_t> dims = runtime::bindDims(plan, args);
  for (size_t d = 0; d < dims.size() && d < plan.dimNames.size(); ++d)
    if (dims[d] == 0)
      throw Error("model '" + plan.model + "' has nothing to tune at dim '" +
                  plan.dimNames[d] +
                  "' = 0 (no element to compute): give the sizes to tune for");
  std::vector<cl::GemmShape> products = cl::sgemmShapesOf(plan, dims);
  if (!lookbacks && products.empty())
    throw Error(
        "model '" + plan.model +
        "' has nothing to tune: no look-back scan (only a scan over a long "
        "axis with few channels runs by look-back) and no f32 matrix "
        "product");
  std::cout << "device: " << context->device().describe() << "\n";
  if (lookbacks)
    std::cout << cl::formatTuneTable(
        plan.model,
        cl::tuneLookbacks(*context, plan, program, args, options, cache));
  for (const cl::GemmShape &shape : products) {
    cl::TunedGemm tuned = cl::tuneXgemm(*context, shape, options.runs,
                                        options.random, options.seed, cache);
    std::cout << cl::formatGemmTuneTable(plan.model, tuned) << std::flush;
  }
  if (!products.empty())
    cache.save();
  std::cout << "tuning cache: " << cache.path() << " (" << cache.size()
            << (cache.size() == 1 ? " entry)\n" : " entries)\n");
#else
  (void)plan;
  (void)source;
  (void)args;
  (void)request;
  throw InputError("tuning needs the OpenCL runtime, and this build has "
                   "none (SLUICE_ENABLE_OPENCL=OFF)");
#endif
}

void tuneArtifact(const ArtifactRunOptions &options) {
  if (runtime::readManifest(options.artifact).info.target != "opencl")
    throw InputError("--tune tunes OpenCL artifacts (sluice compile --target "
                     "opencl); '" + options.artifact + "' is for target '" +
                     runtime::readManifest(options.artifact).info.target + "'");
  runtime::OpenclArtifact read = runtime::readOpenclArtifact(options.artifact);
  InputSources sources{options.inputs, options.random, parseSeed(options.seed)};
  std::vector<runtime::Tensor> args = bindArguments(
      read.plan.model, argSpecsOf(read.plan), runtime::modelDimNames(read.plan), sources);
  TuneRequest request;
  request.random = options.tuneRandom;
  request.seed = parseSeed(options.seed);
  tuneOnOpencl(read.plan, read.source, args, request);
}

} // namespace sluice::driver
