//===- SliceKernels.h - Copying one step of a tensor in or out --*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_SLICEKERNELS_H
#define SLUICE_CODEGEN_CPU_SLICEKERNELS_H

#include "codegen/cpu/ExprEmitter.h"

#include <functional>

namespace sluice::codegen::cpu {

/// A kernel over one slice (one step along `axis`) of a tensor of shape
/// `fullShape`: each element of the slice is `element(...)`, written to
/// `output` (the slice alone, or at `step` in a full-shaped output).
struct SliceCopy {
  explicit SliceCopy(mlir::Location loc) : loc(loc) {}
  struct Source {
    mlir::Value value;
    DimMap map; ///< into the full shape
  };
  std::string name;
  mlir::Location loc;
  SymShape fullShape;
  int axis = 0;
  int32_t output = -1;
  bool outputIsFull = false;
  std::vector<Source> sources;
  /// The storage step of the slice.
  std::function<mlir::Value(KernelBuilder &)> step;
  /// The step coordinate the sources are read at (default: `step`).
  std::function<mlir::Value(KernelBuilder &, mlir::Value)> readStep;
  /// One element, at slice coordinates `at` (the axis unset).
  using ElementFn =
      std::function<mlir::Value(KernelBuilder &, ExprEmitter &,
                                llvm::ArrayRef<mlir::Value>, mlir::Value)>;
  ElementFn element;
  /// Further slices of the same space at the same step, each with its own
  /// output, stored by the same kernel (the `sl.last` ops of one tensor's
  /// columns: Holt-Winters' 12 seasonal inits were 12 kernels).
  struct Part {
    int32_t output = -1;
    ElementFn element;
  };
  std::vector<Part> moreParts;
};

/// Adds the kernel step of `copy`.
void generateSliceCopy(CodegenContext &ctx, const SliceCopy &copy);

/// Generates the steps of every op of `block` (its terminator excluded), in
/// order; used for the model function and for sequential loop bodies.
void generateOps(CodegenContext &ctx, mlir::Block &block);

/// Whether `op` makes no kernel step of its own (generateOps passes it
/// over): a dim, a scalar constant, or an element-wise op computed where it
/// is read (sl-fuse's inline decision, or a boolean value).
bool makesNoKernel(CodegenContext &ctx, mlir::Operation *op);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SLICEKERNELS_H
