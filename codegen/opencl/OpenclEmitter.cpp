//===- OpenclEmitter.cpp - A plan's kernels as OpenCL C -------------------===//
//
// The program: a header (what it is, the pragmas), the helper functions the
// kernels call, then one `__kernel` per kernel function, whose buffer
// parameters take their element types from the plan step of the same name.
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/OpenclEmitter.h"
#include "codegen/opencl/KernelPrinter.h"
#include "codegen/opencl/OpenclHelpers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <stdexcept>

namespace sluice::codegen::opencl {

namespace {
/// Every Kernel step of `steps` and of their bodies, by name.
void collectKernelSteps(const std::vector<runtime::Step> &steps,
                        std::map<std::string, const runtime::Step *> &found) {
  for (const runtime::Step &step : steps) {
    if (step.kind == runtime::Step::Kind::Kernel)
      found.emplace(step.name, &step);
    collectKernelSteps(step.body, found);
  }
}
} // namespace

std::string emitOpenclProgram(const std::vector<mlir::ModuleOp> &modules,
                              const runtime::Plan &plan) {
  std::map<std::string, const runtime::Step *> steps;
  collectKernelSteps(plan.steps, steps);
  ProgramNeeds needs;
  std::string kernels;
  std::map<std::string, bool> printed;
  for (mlir::ModuleOp module : modules) {
    if (!module)
      continue;
    for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>()) {
      if (func.isDeclaration())
        continue; // a libm function the kernels call (printed as a builtin)
      std::string name = func.getSymName().str();
      auto refuse = [&](const std::string &why) {
        throw std::runtime_error(locationPrefix(func.getLoc()) +
                                 "the OpenCL target cannot print kernel '" +
                                 name + "': " + why);
      };
      auto step = steps.find(name);
      if (step == steps.end())
        refuse("no kernel step of the plan has this name");
      if (!printed.emplace(name, true).second)
        refuse("two kernel functions have this name");
      KernelParams params;
      const std::vector<int32_t> &buffers = step->second->buffers;
      for (size_t s = 0; s < buffers.size(); ++s) {
        int32_t buffer = buffers[s];
        if (buffer < 0 || buffer >= static_cast<int32_t>(plan.buffers.size()))
          refuse("its step lists buffer " + std::to_string(buffer) +
                 ", which the plan does not have");
        const runtime::BufferSpec &spec = plan.buffers[buffer];
        params.buffers.push_back(spec.dtype);
        params.legend += (s ? ", b" : "b") + std::to_string(s) + " = %" +
                         std::to_string(buffer) + " " + spec.name + " (" +
                         runtime::dtypeName(spec.dtype) + ")";
      }
      params.dims = static_cast<int>(plan.dimNames.size()) + plan.numCounters;
      std::string dims;
      for (int j = 0; j < params.dims; ++j) {
        dims += (j ? ", d" : "d") + std::to_string(j) + " = ";
        dims += j < static_cast<int>(plan.dimNames.size())
                    ? plan.dimNames[j]
                    : "counter " + std::to_string(j - plan.dimNames.size());
      }
      if (!dims.empty())
        params.legend += (params.legend.empty() ? "" : "; ") + dims;
      printKernel(func, params, needs, kernels);
    }
  }

  std::string program =
      "// OpenCL C 1.2 kernels of model '" + plan.model +
      "', printed by sluice (codegen/opencl).\n"
      "// Launch ABI: runtime/opencl/KernelAbi.h. IEEE semantics: build "
      "without\n// -cl-fast-relaxed-math or -cl-finite-math-only.\n";
  if (needs.usesDouble)
    program += "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
  program += "#pragma OPENCL FP_CONTRACT OFF\n\n";
  program += helperDefinitions(needs.helpers);
  program += kernels;
  return program;
}

} // namespace sluice::codegen::opencl
