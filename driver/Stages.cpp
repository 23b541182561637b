//===- Stages.cpp - The named pipeline stages -----------------------------===//

#include "driver/Stages.h"
#include "driver/Compilation.h"

#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"

namespace sluice::driver {

const std::vector<std::string> &stageNames() {
  static const std::vector<std::string> names = {"parsed", "recognized"};
  return names;
}

int stageIndex(const std::string &stage) {
  const auto &names = stageNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == stage)
      return static_cast<int>(i);
  return -1;
}

const std::vector<std::string> &dumpStageNames() {
  static const std::vector<std::string> names = {"parsed", "recognized", "cpu",
                                                 "llvm", "plan", "opencl"};
  return names;
}

void addStagePasses(mlir::OpPassManager &pm, const std::string &stage) {
  if (stage == "recognized")
    buildRecognizePipeline(pm);
}

} // namespace sluice::driver
