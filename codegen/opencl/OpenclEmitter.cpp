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

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <algorithm>
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
  std::map<std::string, int64_t> privateBytes = privateArrayBytes(modules);
  // In the order the plan builder made them (the number ending each name),
  // whichever module (compiled with the model, or deferred) holds them.
  std::vector<mlir::func::FuncOp> functions;
  for (mlir::ModuleOp module : modules)
    if (module)
      for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>())
        if (!func.isDeclaration()) // libm functions are printed as builtins
          functions.push_back(func);
  auto sequence = [](mlir::func::FuncOp func) {
    llvm::StringRef name = func.getSymName();
    unsigned long long n = 0;
    return name.substr(name.rfind('_') + 1).getAsInteger(10, n) ? ~0ull : n;
  };
  std::stable_sort(functions.begin(), functions.end(),
                   [&](mlir::func::FuncOp a, mlir::func::FuncOp b) {
                     return sequence(a) < sequence(b);
                   });
  {
    for (mlir::func::FuncOp func : functions) {
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
      // Large private arrays: a work-group small enough that its private
      // memory stays within kPrivateBytesPerWorkGroup (a power of two).
      if (int64_t bytes = privateBytes[name]; bytes * 128 > kPrivateBytesPerWorkGroup) {
        int64_t size = 1;
        while (size * 2 * bytes <= kPrivateBytesPerWorkGroup)
          size *= 2;
        params.requiredWorkGroupSize = size;
      }
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

std::map<std::string, int64_t>
privateArrayBytes(const std::vector<mlir::ModuleOp> &modules) {
  std::map<std::string, int64_t> bytes;
  for (mlir::ModuleOp module : modules) {
    if (!module)
      continue;
    for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>())
      func.walk([&](mlir::LLVM::AllocaOp alloca) {
        auto count =
            alloca.getArraySize().getDefiningOp<mlir::arith::ConstantOp>();
        auto value = count ? llvm::dyn_cast<mlir::IntegerAttr>(count.getValue())
                           : nullptr;
        mlir::Type element = alloca.getElemType();
        if (value && element.isIntOrFloat())
          bytes[func.getSymName().str()] +=
              value.getInt() *
              static_cast<int64_t>((element.getIntOrFloatBitWidth() + 7) / 8);
      });
  }
  return bytes;
}

} // namespace sluice::codegen::opencl
