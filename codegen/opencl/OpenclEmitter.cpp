//===- OpenclEmitter.cpp - A plan's kernels as OpenCL C -------------------===//
//
// The program: a header (what it is, the pragmas), the helper functions the
// kernels call, then one `__kernel` per kernel function, whose buffer
// parameters take their element types from the plan step of the same name.
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/OpenclEmitter.h"
#include "codegen/KernelMarks.h"
#include "codegen/opencl/GroupKernelPrinter.h"
#include "codegen/opencl/KernelPrinter.h"
#include "codegen/opencl/OnePassPrinter.h"
#include "codegen/opencl/OpenclHelpers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <algorithm>
#include <map>
#include <set>
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

/// Every Lookback step of `steps` and of their bodies that has its three
/// kernels (and maybe carry-tree kernels after them).
void collectLookbacks(const std::vector<runtime::Step> &steps,
                      std::vector<const runtime::Step *> &found) {
  for (const runtime::Step &step : steps) {
    if (step.kind == runtime::Step::Kind::Lookback && step.body.size() >= 3)
      found.push_back(&step);
    collectLookbacks(step.body, found);
  }
}

/// The work-group size that keeps `bytes` of private arrays per work-item
/// within kPrivateBytesPerWorkGroup (a power of two), or 0 when 128
/// work-items fit.
int64_t workGroupSizeFor(int64_t bytes) {
  if (bytes * 128 <= kPrivateBytesPerWorkGroup)
    return 0;
  int64_t size = 1;
  while (size * 2 * bytes <= kPrivateBytesPerWorkGroup)
    size *= 2;
  return size;
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
  // The kernels of Lookback steps also become `_items` functions, which
  // their one-pass kernel calls; the carry's buffers that the aggregate or
  // the carry write, and the apply's that the carry writes, are volatile
  // there (another work-item or work-group wrote them).
  std::vector<const runtime::Step *> lookbacks;
  collectLookbacks(plan.steps, lookbacks);
  std::map<std::string, std::set<int32_t>> stored; // plan buffers, by kernel
  for (mlir::ModuleOp module : modules)
    if (module)
      for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>()) {
        auto step = steps.find(func.getSymName().str());
        if (func.isDeclaration() || step == steps.end())
          continue;
        for (int slot : storedBufferSlots(func))
          if (slot >= 0 &&
              slot < static_cast<int>(step->second->buffers.size()))
            stored[step->first].insert(step->second->buffers[slot]);
      }
  // In the order the plan builder made them (the number ending each name),
  // whichever module (compiled with the model, or deferred) holds them.
  // Look-back tile functions (codegen/cpu/ScanTile.h) are no plan steps:
  // they are printed inside their one-pass tile kernels.
  std::vector<mlir::func::FuncOp> functions;
  std::map<std::string, mlir::func::FuncOp> tiles;
  for (mlir::ModuleOp module : modules)
    if (module)
      for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>()) {
        if (func.isDeclaration()) // libm functions are printed as builtins
          continue;
        if (func->hasAttr(kTileBuffersAttr))
          tiles[func.getSymName().str()] = func;
        else
          functions.push_back(func);
      }
  std::map<std::string, std::vector<bool>> itemsFunctions; // volatile buffers
  std::set<std::string> rowsKernels; // aggregates and applies (KernelAbi.h)
  /// The flag-word tile function of `lookback` (ScanTile.h) when its words
  /// kernel can be printed (wordsFit), else null.
  auto wordsTile = [&](const runtime::Step &lookback) {
    auto words = tiles.find(lookback.body[0].name + "_tile_words");
    if (words == tiles.end() || !wordsFit(words->second, lookback))
      return mlir::func::FuncOp();
    return words->second;
  };
  std::vector<const runtime::Step *> onePass;
  for (const runtime::Step *lookback : lookbacks) {
    const runtime::Step &carry = lookback->body[1];
    std::vector<bool> volatiles;
    bool printable = true;
    for (int32_t buffer : carry.buffers) {
      bool written = stored[lookback->body[0].name].count(buffer) ||
                     stored[carry.name].count(buffer);
      volatiles.push_back(written);
      // vload_half takes no volatile pointer: such a step keeps the three
      // passes (the plan builder's carries are f32 or f64).
      if (written && buffer >= 0 &&
          buffer < static_cast<int32_t>(plan.buffers.size()) &&
          plan.buffers[buffer].dtype == runtime::DType::F16)
        printable = false;
    }
    if (!printable)
      continue;
    onePass.push_back(lookback);
    itemsFunctions[lookback->body[0].name];
    itemsFunctions[carry.name] = volatiles;
    // The apply reads the carry into its block, which another work-item
    // (or work-group) wrote in this launch: volatile too (read once per
    // item, so it costs nothing).
    const runtime::Step &apply = lookback->body[2];
    std::vector<bool> applyVolatiles;
    for (int32_t buffer : apply.buffers)
      applyVolatiles.push_back(stored[carry.name].count(buffer) > 0);
    itemsFunctions[apply.name] = applyVolatiles;
    rowsKernels.insert(lookback->body[0].name);
    rowsKernels.insert(apply.name);
  }
  auto sequence = [](mlir::func::FuncOp func) {
    llvm::StringRef name = func.getSymName();
    unsigned long long n = 0;
    return name.substr(name.rfind('_') + 1).getAsInteger(10, n) ? ~0ull : n;
  };
  std::stable_sort(functions.begin(), functions.end(),
                   [&](mlir::func::FuncOp a, mlir::func::FuncOp b) {
                     return sequence(a) < sequence(b);
                   });
  bool anyGroupKernel = false;
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
      params.requiredWorkGroupSize = workGroupSizeFor(privateBytes[name]);
      if (auto items = itemsFunctions.find(name);
          items != itemsFunctions.end()) {
        params.itemsFunction = true;
        params.rowsKernel = rowsKernels.count(name) > 0;
        params.volatileBuffers = items->second;
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
      if (isGroupKernel(func)) {
        anyGroupKernel = true;
        printGroupKernel(func, params, needs, kernels);
      } else {
        printKernel(func, params, needs, kernels);
      }
    }
  }
  bool anyOnePass = false;
  for (const runtime::Step *lookback : onePass) {
    bool complete = true;
    int64_t bytes = 0;
    for (const runtime::Step &kernel : lookback->body) {
      complete = complete && printed.count(kernel.name);
      bytes += privateBytes[kernel.name];
    }
    if (!complete)
      continue;
    anyOnePass = true;
    OnePassBuffers roles;
    for (int k = 0; k < 2; ++k)
      roles.shared.insert(stored[lookback->body[k].name].begin(),
                          stored[lookback->body[k].name].end());
    roles.applied = stored[lookback->body[2].name];
    int dims = static_cast<int>(plan.dimNames.size()) + plan.numCounters;
    printOnePassKernel(*lookback, plan, dims, workGroupSizeFor(bytes), roles,
                       kernels);
    auto tile = tiles.find(lookback->body[0].name + "_tile");
    if (tile != tiles.end() && tileFits(tile->second, *lookback) &&
        tileSteps(tile->second) == runtime::opencl::kOnePassTileSteps) {
      // Compiled only when asked for (KernelAbi.h, kOnePassTileMacro).
      kernels += std::string("#ifdef ") +
                 runtime::opencl::kOnePassTileMacro + "\n";
      printOnePassTileKernel(*lookback, plan, dims, workGroupSizeFor(bytes),
                             roles, tile->second, needs, kernels);
      kernels += "#endif\n";
    }
    auto walk = tiles.find(lookback->body[0].name + "_tile_walk");
    if (walk != tiles.end() && tileFits(walk->second, *lookback) &&
        tileSteps(walk->second) == runtime::opencl::walkPartSteps(*lookback)) {
      // (KernelAbi.h, kWalkMacro.)
      kernels += std::string("#ifdef ") + runtime::opencl::kWalkMacro + "\n";
      printWalkKernel(*lookback, plan, dims, workGroupSizeFor(bytes), roles,
                      walk->second, needs, kernels);
      auto pairs = tiles.find(lookback->body[0].name + "_tile_walk_pairs");
      if (pairs != tiles.end() && tileFits(pairs->second, *lookback) &&
          tileSteps(pairs->second) == tileSteps(walk->second))
        printWalkKernel(*lookback, plan, dims, workGroupSizeFor(bytes), roles,
                        pairs->second, needs, kernels);
      kernels += "#endif\n";
    }
    auto rows = tiles.find(lookback->body[0].name + "_tile_rows");
    if (rows != tiles.end() && rowsFit(rows->second, *lookback)) {
      // (KernelAbi.h, kOnePassRowsMacro.)
      kernels +=
          std::string("#ifdef ") + runtime::opencl::kOnePassRowsMacro + "\n";
      printOnePassRowsKernel(*lookback, plan, dims, workGroupSizeFor(bytes),
                             roles, rows->second, needs, kernels);
      kernels += "#endif\n";
    }
    if (mlir::func::FuncOp words = wordsTile(*lookback)) {
      kernels += std::string("#ifdef ") +
                 runtime::opencl::kOnePassWordsMacro + "\n";
      printOnePassWordsKernel(*lookback, plan, dims, workGroupSizeFor(bytes),
                              roles, words, needs, kernels);
      kernels += "#endif\n";
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
  program += indexTypePrelude(needs.wideIndexLiteral);
  program += stepLoopPrelude();
  if (anyOnePass)
    program += onePassPrelude();
  if (anyGroupKernel)
    program += groupKernelPrelude();
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
