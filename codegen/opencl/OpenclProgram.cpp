//===- OpenclProgram.cpp - A model function compiled for OpenCL -----------===//

#include "codegen/opencl/OpenclProgram.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/opencl/OpenclEmitter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdlib>

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
  // An experiment's knob (benchmarks/NOTES.md "Decoupled look-back"): the
  // look-back chunk in steps, until the chunk becomes a plan dim.
  if (const char *steps = std::getenv("SLUICE_OPENCL_LANE_STEPS"))
    if (std::atoll(steps) > 0)
      options.target.laneSteps = std::atoll(steps);
  options.threads = 0; // guards scale with the device's compute units
  cpu::CpuProgram program = cpu::buildCpuProgram(func, options);
  OpenclProgram result;
  result.source = emitOpenclProgram(
      {*program.kernels, *program.deferredKernels}, program.plan);
  result.plan = std::move(program.plan);
  clearDeferred(result.plan.steps);
  result.plan.compileDeferred = nullptr;
  return result;
}

} // namespace sluice::codegen::opencl
