//===- LoopSplitting.h - Take states out of an sl.loop ----------*- C++ -*-===//
#ifndef SLUICE_PASSES_LOOPSPLITTING_H
#define SLUICE_PASSES_LOOPSPLITTING_H

#include "ir/SluiceOps.h"

namespace sluice {

/// Removes the states `extracted` (ascending) from `loop`; `values[i]` holds
/// state `extracted[i]` over all steps (a scan result, defined before the
/// loop). The remaining body reads a removed state's current value as a new
/// sequence operand, and its earlier values as `sl.shift`ed ones when their
/// inits are zero; a state whose earlier values are read with a non-zero
/// init stays as a pass-through state that yields the new operand's slice.
/// Unused sequence and invariant operands are dropped. Replaces the loop's
/// results, erases it and returns the remaining loop.
sl::LoopOp splitOffStates(sl::LoopOp loop, llvm::ArrayRef<unsigned> extracted,
                          llvm::ArrayRef<mlir::Value> values);

/// The state names of `loop` (its `sl.state_names`, else `state0`, ...).
llvm::SmallVector<std::string> getStateNames(sl::LoopOp loop);

} // namespace sluice

#endif // SLUICE_PASSES_LOOPSPLITTING_H
