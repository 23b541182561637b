//===- DumpCommand.cpp - `sluice dump` ------------------------------------===//

#include "driver/CommandErrors.h"
#include "driver/DumpCommand.h"
#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/Jit.h"
#include "codegen/opencl/OpenclProgram.h"
#include "driver/Stages.h"
#include "frontend/Diagnostics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>

namespace sluice::driver {

namespace {
/// `--stage cpu|llvm|plan|opencl`: the CPU code generator's output for each model
/// (or the one chosen with --model).
int dumpCodegen(Compilation &compilation, const DumpOptions &options,
                const mlir::OpPrintingFlags &flags) {
  // The plan each target builds: `opencl` schedules for OpenCL.
  if (options.stage == "opencl")
    compilation.scheduleFor(sl::ScheduleTarget::opencl);
  compilation.runTo("fused");
  std::vector<mlir::func::FuncOp> funcs;
  if (options.compile.model.empty())
    for (auto f : compilation.module().getOps<mlir::func::FuncOp>())
      funcs.push_back(f);
  else
    funcs.push_back(compilation.selectedModel());
  for (mlir::func::FuncOp func : funcs) {
    codegen::cpu::CpuOptions cpuOptions;
    cpuOptions.remarks = options.compile.remarks;
    cpuOptions.fusion = !options.noFusion;
    if (options.stage == "opencl") { // the plan and kernels the target runs
      codegen::PhaseTimer timer(compilation.phaseTimes(), "opencl program");
      llvm::outs() << codegen::opencl::buildOpenclProgram(func, cpuOptions).source;
      continue;
    }
    codegen::cpu::CpuProgram program = [&] {
      codegen::PhaseTimer timer(compilation.phaseTimes(), "plan and kernels");
      return codegen::cpu::buildCpuProgram(func, cpuOptions);
    }();
    if (options.stage == "plan") {
      llvm::outs() << program.plan.str();
      continue;
    }
    for (mlir::ModuleOp kernels : {*program.kernels, *program.deferredKernels}) {
      if (kernels.getBody()->empty())
        continue;
      if (kernels == *program.deferredKernels)
        llvm::outs() << "// Deferred kernels (compiled the first time a call "
                        "needs them):\n";
      if (options.stage == "llvm") {
        codegen::PhaseTimer timer(compilation.phaseTimes(),
                                  "LLVM (lower, translate, O3)");
        codegen::cpu::lowerKernelsToLLVM(kernels, &program.plan);
        llvm::outs() << codegen::cpu::optimizedLLVMIR(kernels);
        continue;
      }
      kernels.print(llvm::outs(), flags);
      llvm::outs() << "\n";
    }
  }
  llvm::outs().flush();
  if (codegen::PhaseTimes *times = compilation.phaseTimes())
    std::cerr << times->report();
  return 0;
}
} // namespace

int dumpModel(const DumpOptions &options) {
  return exitStatusOf([&] {
    Compilation compilation(options.compile);
    compilation.fuseWith(!options.noFusion);
    mlir::OpPrintingFlags flags;
    if (!options.hideLocations)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    if (stageIndex(options.stage) < 0)
      return dumpCodegen(compilation, options, flags);
    compilation.runTo(options.stage);
    if (options.compile.model.empty())
      compilation.module()->print(llvm::outs(), flags);
    else
      compilation.selectedModel()->print(llvm::outs(), flags);
    llvm::outs() << "\n";
    llvm::outs().flush();
    if (codegen::PhaseTimes *times = compilation.phaseTimes())
      std::cerr << times->report();
    return 0;
  });
}

} // namespace sluice::driver
