//===- CodegenContext.h - State shared by the CPU kernel generators -*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_CODEGENCONTEXT_H
#define SLUICE_CODEGEN_CPU_CODEGENCONTEXT_H

#include "codegen/PhaseTimes.h"
#include "codegen/SymbolicShapes.h"
#include "codegen/TargetInfo.h"
#include "codegen/cpu/KernelBuilder.h"
#include "passes/FusionRules.h"
#include "runtime/Plan.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <memory>
#include <string>

namespace sluice::codegen::cpu {

using codegen::PhaseTimes;

/// Choices the user (or a benchmark) can make.
struct CpuOptions {
  /// Fusion on: scans that share inputs share a kernel (ScanGroup.h), and
  /// IR that did not go through sl-fuse gets its decisions with fusion on
  /// (sl-fuse's `#sl.fusion` otherwise says what is computed inline).
  bool fusion = true;
  /// The target the plan and kernels are built for (how element-wise work
  /// and scan states are laid out; the kernels themselves are the same IR).
  /// Each scan's strategy and sizes are its `#sl.schedule` (sl-schedule),
  /// which must have been chosen for this target.
  TargetInfo target = TargetInfo::cpu();
  /// Emit remarks (mlir::emitRemark at the user's source) saying what each
  /// scan kernel computes inside it and which schedule it got.
  bool remarks = false;
  /// Where the phases of the compilation add their time (--time-phases),
  /// or null.
  PhaseTimes *times = nullptr;
};

/// One kernel step being built: its function and its buffer list.
struct KernelStep {
  KernelStep(mlir::ModuleOp module, const std::string &name, mlir::Location loc)
      : kb(module, name, loc) {
    step.kind = runtime::Step::Kind::Kernel;
    step.name = name;
  }
  KernelBuilder kb;
  runtime::Step step;
  /// The slot of plan buffer `buffer` in this step's list (added if new).
  unsigned slot(int32_t buffer) {
    for (unsigned i = 0; i < step.buffers.size(); ++i)
      if (step.buffers[i] == buffer)
        return i;
    step.buffers.push_back(buffer);
    return step.buffers.size() - 1;
  }
};

/// What every generator shares while one model function becomes a plan.
struct CodegenContext {
  CodegenContext(mlir::ModuleOp kernels, mlir::ModuleOp deferredKernels,
                 const SymbolicShapes &shapes, runtime::Plan &plan,
                 CpuOptions options)
      : kernels(kernels), deferredKernels(deferredKernels), shapes(shapes),
        plan(plan), options(options) {}

  /// Kernels compiled with the model.
  mlir::ModuleOp kernels;
  /// Kernels of run-time alternatives that may never run (the look-back
  /// scan): compiled on first use.
  mlir::ModuleOp deferredKernels;
  const SymbolicShapes &shapes;
  runtime::Plan &plan;
  CpuOptions options;
  /// Values that live in a plan buffer.
  llvm::DenseMap<mlir::Value, int32_t> buffers;
  /// Makes sure `v` has a buffer (computing it with a kernel if needed).
  std::function<int32_t(mlir::Value)> materialize;
  /// Ops whose work another op's kernel did (a reduction fused into its
  /// scan): the plan builder skips them.
  llvm::DenseSet<mlir::Operation *> generated;
  /// sl-fuse's decisions for IR that did not go through it (FusionRules.h).
  llvm::DenseMap<mlir::Operation *, sl::Fusion> defaultFusion;
  /// The fusion decision of fusable op `op`: its `sl.fusion` attribute, else
  /// the default one.
  sl::Fusion fusionOf(mlir::Operation *op) const {
    if (std::optional<sl::Fusion> recorded = recordedFusion(op))
      return *recorded;
    return defaultFusion.lookup(op);
  }
  /// Plan buffers that already hold results (value -> result index).
  llvm::DenseMap<mlir::Value, int32_t> resultIndex;
  /// Per sl.scan, the plan dim holding its look-back's steps per lane
  /// (TargetInfo::runtimeLaneSteps), registered before any op is generated
  /// so that loop counters (numbered after the dims) never move.
  llvm::DenseMap<mlir::Operation *, int32_t> lookbackChunkDims;

  /// A fresh kernel symbol `<base>_<n>`.
  std::string kernelName(const std::string &base) {
    return "sl_" + base + "_" + std::to_string(counter++);
  }
  /// A new buffer for `v` (a Result buffer when `v` is a model result).
  int32_t newBuffer(mlir::Value v, const std::string &name);
  /// The storage element type of plan buffer `buffer`.
  mlir::Type storageType(int32_t buffer);
  /// Appends a finished step to the plan.
  void addStep(KernelStep &ks) {
    ks.kb.finish();
    stepSink->push_back(ks.step);
  }
  /// Where finished steps go: the plan, or the body of a Loop step.
  std::vector<runtime::Step> *stepSink = &plan.steps;

private:
  int counter = 0;
};

/// "file:line:col: " of `loc`, or "" when it has no file location.
std::string locationPrefix(mlir::Location loc);

// What is element-wise and fusable, and what is boolean: the rules of
// sl-fuse (passes/FusionRules.h), shared with the code generator.
using sluice::isBoolean;
using sluice::isElementwise;
using sluice::isFusable;

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_CODEGENCONTEXT_H
