//===- ArtifactRun.cpp - `sluice-run`: running an artifact ----------------===//

#include "driver/ArtifactRun.h"
#include "driver/ArtifactBench.h"
#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"

#include <iostream>
#include <new>

namespace sluice::driver {

namespace {
/// The arguments as the plan declares them (dim names or literal sizes).
std::vector<ArgSpec> argSpecsOf(const runtime::Plan &plan) {
  std::vector<ArgSpec> specs;
  for (const runtime::ValueSpec &v : plan.arguments) {
    ArgSpec spec;
    spec.name = v.name;
    spec.isParam = v.isParam;
    spec.dtype = v.dtype;
    for (size_t d = 0; d < v.dims.size(); ++d)
      spec.dims.push_back(v.dims[d] >= 0 ? plan.dimNames[v.dims[d]]
                                         : std::to_string(v.literal[d]));
    specs.push_back(std::move(spec));
  }
  return specs;
}

void run(const ArtifactRunOptions &options) {
  std::unique_ptr<runtime::Artifact> artifact =
      runtime::loadArtifact(options.artifact);
  const runtime::Plan &plan = artifact->plan;
  InputSources sources{options.inputs, options.random, parseSeed(options.seed)};
  std::vector<runtime::Tensor> args =
      bindArguments(plan.model, argSpecsOf(plan), plan.dimNames, sources);
  std::vector<runtime::Tensor> outputs = runtime::executeOnCpu(plan, args);
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
    if (options.benchRuns > 0)
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
