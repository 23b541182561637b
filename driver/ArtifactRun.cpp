//===- ArtifactRun.cpp - `sluice-run`: running an artifact ----------------===//

#include "driver/ArtifactRun.h"
#include "driver/ArtifactBench.h"
#include "driver/ArtifactTune.h"
#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/opencl/OpenclModel.h"
#endif

#include <iostream>
#include <new>

namespace sluice::driver {

namespace {
/// `--save-inputs`: the bound arguments `args` of `plan` into `dir`.
void saveInputs(const runtime::Plan &plan,
                const std::vector<runtime::Tensor> &args,
                const std::string &dir) {
  if (!dir.empty())
    writeInputFiles(argSpecsOf(plan), args, dir);
}

/// The outputs of the artifact in `dir` on `sources`, on its target (the
/// bound arguments saved into `saveDir` first, where it is not empty).
std::vector<runtime::Tensor> runOnTarget(const std::string &dir,
                                         const InputSources &sources,
                                         const std::string &saveDir,
                                         runtime::Plan &plan) {
  if (runtime::readManifest(dir).info.target == "opencl") {
#ifdef SLUICE_HAVE_OPENCL
    runtime::OpenclArtifact read = runtime::readOpenclArtifact(dir);
    runtime::opencl::OpenclModel model(std::move(read.plan), std::move(read.source));
    plan = model.plan();
    std::vector<runtime::Tensor> args = bindArguments(
        plan.model, argSpecsOf(plan), runtime::modelDimNames(plan), sources);
    saveInputs(plan, args, saveDir);
    return model.run(args);
#else
    throw runtime::ArtifactError(
        "artifact '" + dir + "' is for target 'opencl'; this sluice-run was "
        "built without OpenCL (SLUICE_ENABLE_OPENCL=OFF) and runs 'cpu' "
        "artifacts only");
#endif
  }
  std::unique_ptr<runtime::Artifact> artifact = runtime::loadArtifact(dir);
  plan = artifact->plan;
  std::vector<runtime::Tensor> args = bindArguments(
      plan.model, argSpecsOf(plan), runtime::modelDimNames(plan), sources);
  saveInputs(plan, args, saveDir);
  return runtime::executeOnCpu(artifact->plan, args);
}

void run(const ArtifactRunOptions &options) {
  InputSources sources{options.inputs, options.random, parseSeed(options.seed)};
  runtime::Plan plan;
  std::vector<runtime::Tensor> outputs =
      runOnTarget(options.artifact, sources, options.saveInputs, plan);
  std::vector<std::string> names;
  std::vector<runtime::DType> declared;
  for (const runtime::ValueSpec &r : plan.results) {
    names.push_back(r.name);
    declared.push_back(r.dtype);
  }
  writeOutputFiles(names, declared, outputs, options.outputDir);
}
} // namespace

int runArtifact(const ArtifactRunOptions &options) {
  try {
    if (options.tune && options.benchRuns > 0)
      throw InputError("--tune and --bench do not go together");
    if (!options.saveInputs.empty() && (options.tune || options.benchRuns > 0))
      throw InputError("--save-inputs saves the inputs of a run, not of "
                       "--bench or --tune");
    if (options.tune)
      tuneArtifact(options);
    else if (options.benchRuns > 0)
      benchArtifact(options);
    else
      run(options);
    std::cout.flush();
    return 0;
  } catch (const std::bad_alloc &) {
    std::cout.flush();
    std::cerr << "sluice-run: error: out of memory\n";
    return 1;
  } catch (const std::exception &e) {
    std::cout.flush();
    std::cerr << "sluice-run: error: " << e.what() << "\n";
    return 1;
  }
}

} // namespace sluice::driver
