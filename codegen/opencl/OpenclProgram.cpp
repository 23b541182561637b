//===- OpenclProgram.cpp - A model function compiled for OpenCL -----------===//

#include "codegen/opencl/OpenclProgram.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/opencl/OpenclEmitter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace sluice::codegen::opencl {

namespace {
/// Every kernel is in the one program: no step waits for a later compile.
void clearDeferred(std::vector<runtime::Step> &steps) {
  for (runtime::Step &s : steps) {
    s.deferred = false;
    clearDeferred(s.body);
  }
}
} // namespace

OpenclProgram buildOpenclProgram(mlir::func::FuncOp func,
                                 cpu::CpuOptions options) {
  options.target = TargetInfo::opencl();
  cpu::CpuProgram program = cpu::buildCpuProgram(func, options);
  OpenclProgram result;
  result.source = emitOpenclProgram(
      {*program.kernels, *program.deferredKernels}, program.plan);
  result.plan = std::move(program.plan);
  clearDeferred(result.plan.steps);
  result.plan.compileDeferredSteps = nullptr;
  result.plan.deferredKernel = nullptr;
  return result;
}

} // namespace sluice::codegen::opencl
