//===- Stages.cpp - The named pipeline stages -----------------------------===//

#include "driver/Stages.h"
#include "driver/Compilation.h"

#include "passes/FusionRules.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

namespace sluice::driver {

const std::vector<std::string> &stageNames() {
  static const std::vector<std::string> names = {"parsed", "recognized",
                                                 "scheduled", "fused"};
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
  static const std::vector<std::string> names = {
      "parsed", "recognized", "scheduled", "fused", "cpu", "llvm", "plan", "opencl"};
  return names;
}

void addStagePasses(mlir::OpPassManager &pm, const std::string &stage,
                    const ScheduleOptions &schedule,
                    const FusionOptions &fusion) {
  if (stage == "recognized")
    buildRecognizePipeline(pm);
  else if (stage == "scheduled")
    pm.addNestedPass<mlir::func::FuncOp>(createSlSchedulePass(schedule));
  else if (stage == "fused")
    pm.addNestedPass<mlir::func::FuncOp>(createSlFusePass(fusion));
}

} // namespace sluice::driver
