//===- CpuModel.cpp - A model function, compiled and JIT-ed for the CPU ---===//

#include "codegen/cpu/CpuModel.h"
#include "codegen/cpu/CpuCodegen.h"

namespace sluice::codegen::cpu {

std::unique_ptr<CpuModel> compileForCpu(mlir::func::FuncOp func,
                                        const CpuOptions &options) {
  CpuProgram program = [&] {
    PhaseTimer timer(options.times, "plan and kernels");
    return buildCpuProgram(func, options);
  }();
  auto model = std::make_unique<CpuModel>();
  model->plan = std::move(program.plan);
  model->jit = std::make_unique<JitKernels>(
      *program.kernels, model->plan, std::move(program.deferredKernels),
      /*resolveDeferred=*/false, options.times);
  return model;
}

} // namespace sluice::codegen::cpu
