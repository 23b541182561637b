//===- ExecutorEnvironment.h - The plan executor's environment knobs -*- C++ -*-===//
//
// The environment variables the OpenCL plan executor reads (docs/USAGE.md):
// the look-back's mode, chunk and one-pass launch sizes, the carry tree's
// fanout. Each throws Error, naming the variable and its value, for a
// value it does not take. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_EXECUTORENVIRONMENT_H
#define SLUICE_RUNTIME_OPENCL_EXECUTORENVIRONMENT_H

#include "runtime/opencl/LookbackTuning.h"

#include <cstdint>
#include <optional>

namespace sluice::runtime::opencl {

/// The mode SLUICE_OPENCL_LOOKBACK asks for, or Auto when it is unset or
/// empty. Throws Error for another value.
LookbackMode lookbackFromEnvironment();

/// The chunk SLUICE_OPENCL_LOOKBACK_CHUNK forces on every look-back step
/// with a run-time chunk, or 0 when it is unset or empty. Throws Error for
/// anything but a positive integer.
int64_t chunkFromEnvironment();

/// The integer >= 0 environment variable `name` holds, or 0 when it is
/// unset or empty. Throws Error for anything else.
int64_t sizeFromEnvironment(const char *name);

/// The item order SLUICE_OPENCL_ROWS_ORDER forces on the three passes of
/// every look-back step ("items", "blocks" or "rows"; chooseItemOrder),
/// nothing when it is unset or empty. Throws Error for another value.
std::optional<ItemOrder> itemOrderFromEnvironment();

/// The carry tree's fanout SLUICE_OPENCL_CARRY_FANOUT asks for, 0 (chosen
/// per call) when it is unset or empty (1: no carry tree).
int64_t carryFanoutFromEnvironment();

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_EXECUTORENVIRONMENT_H
