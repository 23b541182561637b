//===- LoadArtifact.cpp - sluice::loadArtifact (no compiler) --------------===//

#include "api/ModelHandle.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/opencl/OpenclModel.h"
#endif

namespace sluice {

namespace {
/// A model loaded from an artifact: its plan, kernels bound to the loaded
/// code.
struct ArtifactModel : api::CompiledModel {
  std::unique_ptr<runtime::Artifact> artifact;

  const runtime::Plan &signature() const override { return artifact->plan; }
  const runtime::Plan *cpuPlan() const override { return &artifact->plan; }
  std::vector<Tensor> execute(const std::vector<Tensor> &args,
                              const std::vector<Tensor> *into) const override {
    return runtime::executeOnCpu(artifact->plan, args, into);
  }
};

#ifdef SLUICE_HAVE_OPENCL
/// A model loaded from an OpenCL artifact, built on the device.
struct OpenclArtifactModel : api::CompiledModel {
  std::unique_ptr<runtime::opencl::OpenclModel> model;

  const runtime::Plan &signature() const override { return model->plan(); }
  const runtime::Plan *cpuPlan() const override { return nullptr; }
  std::vector<Tensor> execute(const std::vector<Tensor> &args,
                              const std::vector<Tensor> *into) const override {
    return model->run(args, into);
  }
};
#endif

/// The compiled model in `dir`, for its target.
std::shared_ptr<const api::CompiledModel> load(const std::string &dir,
                                               const LoadOptions &options) {
  if (runtime::readManifest(dir).info.target == "opencl") {
#ifdef SLUICE_HAVE_OPENCL
    runtime::OpenclArtifact read = runtime::readOpenclArtifact(dir);
    auto model = std::make_shared<OpenclArtifactModel>();
    model->model = std::make_unique<runtime::opencl::OpenclModel>(
        std::move(read.plan), std::move(read.source), options.openclDevice);
    return model;
#else
    throw Error("artifact '" + dir + "' is for target 'opencl'; this sluice "
                "runtime was built without OpenCL (SLUICE_ENABLE_OPENCL=OFF)");
#endif
  }
  auto model = std::make_shared<ArtifactModel>();
  model->artifact = runtime::loadArtifact(dir);
  return model;
}
} // namespace

std::shared_ptr<Model> loadArtifact(const std::string &dir,
                                    const LoadOptions &options) {
  return api::translateErrors([&] {
    return api::makeModelHandle(load(dir, options), options.threads);
  });
}

} // namespace sluice
