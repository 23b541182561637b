//===- LoadArtifact.cpp - sluice::loadArtifact (no compiler) --------------===//

#include "api/ModelHandle.h"
#include "runtime/Artifact.h"
#include "runtime/cpu/CpuExecutor.h"

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
} // namespace

std::shared_ptr<Model> loadArtifact(const std::string &dir,
                                    const LoadOptions &options) {
  return api::translateErrors([&] {
    auto model = std::make_shared<ArtifactModel>();
    model->artifact = runtime::loadArtifact(dir);
    return api::makeModelHandle(std::move(model), options.threads);
  });
}

} // namespace sluice
