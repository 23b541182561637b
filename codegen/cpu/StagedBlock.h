//===- StagedBlock.h - A block of steps whose state-free values go first --===//
//
// GPU compilers do not hoist the loads of later steps above a recurrence's
// chain: a walk along T whose loads sit inside the chain waits a memory
// latency a step (benchmarks/NOTES.md, fourteenth session). A staged block
// computes, for each of its steps, every value that does not read the state
// (the scan's coefficients and forcings, a term's state-free parts) into a
// private array first, in one unrolled loop, so that the block's loads are
// in flight together; the chain's loop then hands them back to the emitter.
// Used by the group kernel (ScanReduceGroupKernel.cpp) and the
// register-carried channel-parallel walk (ScanGroupKernel.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef SLUICE_CODEGEN_CPU_STAGEDBLOCK_H
#define SLUICE_CODEGEN_CPU_STAGEDBLOCK_H

#include "codegen/cpu/ScanInfo.h"

#include <functional>

namespace sluice::codegen::cpu {

/// A (value, map) the emitter can compute at a step.
using StagedPart = std::pair<mlir::Value, DimMap>;

/// The non-null coefficient and forcing operands of `info`, in the order of
/// info.m then info.f.
llvm::SmallVector<StagedPart> coefficientParts(ScanInfo &info);

/// The steps of a block staging `width` values a step: `requested`, fewer so
/// that the array holds at most `budget` values (at least 1).
int64_t stagedBlockSteps(int64_t requested, int64_t width, int64_t budget);

/// The private array of a block of `steps` steps and the two halves of its
/// use.
class StagedBlock {
public:
  StagedBlock(KernelBuilder &kb, ExprEmitter &em, mlir::Type compute,
              llvm::SmallVector<StagedPart> parts, int64_t steps);

  /// An unrolled loop over the block's steps that computes every part at
  /// `whereOf(j)` (j: the step in the block) into the array.
  void compute(
      const std::function<llvm::SmallVector<mlir::Value>(mlir::Value)> &whereOf);
  /// Inside step `j`'s scope of the chain's loop: every part's value loaded
  /// from the array and handed to the emitter (ExprEmitter::provide), so that
  /// emitting a coefficient, a forcing or a term reads it from there.
  void provide(mlir::Value j);

private:
  /// The array slot of part `p` at step `j`.
  mlir::Value slot(mlir::Value j, size_t p);

  KernelBuilder &kb;
  ExprEmitter &em;
  mlir::Type computeType;
  llvm::SmallVector<StagedPart> parts;
  int64_t steps;
  int64_t width;
  mlir::Value array;
};

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_STAGEDBLOCK_H
