//===- LoopSplitting.h - Take states out of an sl.loop ----------*- C++ -*-===//
#ifndef SLUICE_PASSES_LOOPSPLITTING_H
#define SLUICE_PASSES_LOOPSPLITTING_H

#include "ir/SluiceOps.h"

#include <optional>

namespace sluice {

/// The value every read earlier value of `state` has before the first step
/// (its inits at the lags where `isRead(lag)`): 0 when none is read; none
/// unless they all are one finite constant.
std::optional<double>
uniformInit(sl::LoopOp loop, unsigned state,
            llvm::function_ref<bool(unsigned lag)> isRead);

/// Whether splitOffStates can give the remaining body `state`'s earlier
/// values as shifted operands (its read inits one finite constant, or each
/// a tensor of one step's shape); otherwise the state would stay in the
/// remaining loop as a pass-through.
bool earlierValuesShift(sl::LoopOp loop, unsigned state,
                        llvm::function_ref<bool(unsigned lag)> isRead);

/// Removes the states `extracted` (ascending) from `loop`; `values[i]` holds
/// state `extracted[i]` over all steps (a scan result, defined before the
/// loop). The remaining body reads a removed state's current value as a new
/// sequence operand, and its earlier values as `sl.shift`ed ones: when their
/// inits are one finite constant `c`, it fills the first steps as `shift(x)
/// + (c - shift(c))`; other inits (a param, different constants, an
/// infinity) are selected at the first steps (`select(step == j,
/// broadcast(init), shift(x))`, the steps told apart by shifted ones). A
/// state whose inits are neither (earlierValuesShift) stays as a
/// pass-through state that yields the new operand's slice.
/// Unused sequence and invariant operands are dropped. Replaces the loop's
/// results, erases it and returns the remaining loop.
sl::LoopOp splitOffStates(sl::LoopOp loop, llvm::ArrayRef<unsigned> extracted,
                          llvm::ArrayRef<mlir::Value> values);

/// The state names of `loop` (its `sl.state_names`, else `state0`, ...).
llvm::SmallVector<std::string> getStateNames(sl::LoopOp loop);

} // namespace sluice

#endif // SLUICE_PASSES_LOOPSPLITTING_H
