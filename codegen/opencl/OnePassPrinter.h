//===- OnePassPrinter.h - A Lookback step as one OpenCL kernel --*- C++ -*-===//
//
// Prints the single-pass chunked scan with decoupled look-back of a
// Lookback step: `__kernel void AGG_onepass(...)` (runtime/opencl/
// KernelAbi.h), calling the `_items` functions the kernel printer printed
// for the step's aggregate, carry and apply kernels. Internal to
// codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H
#define SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H

#include "runtime/Plan.h"

#include <cstdint>
#include <string>

namespace sluice::codegen::opencl {

/// The polls a waiting work-group makes before it gives up
/// (SLUICE_LOOKBACK_SPIN_LIMIT; a -D build option overrides it).
constexpr const char *kDefaultSpinLimit = "(1L << 26)";

/// The definitions a program with one-pass kernels starts with:
/// SLUICE_LOOKBACK_SPIN_LIMIT and SLUICE_DEVICE_FENCE() (a memory fence for
/// the whole device: OpenCL 1.2's mem_fence orders memory only for the
/// work-group, which NVIDIA compiles to membar.cta, so NVIDIA's compiler,
/// known by its cl_nv_pragma_unroll macro, gets PTX membar.gl).
std::string onePassPrelude();

/// Appends the one-pass kernel of `lookback` (a Lookback step of `plan`
/// whose three kernels were printed with their `_items` functions) to
/// `out`: `dims` long params after the buffers, and
/// reqd_work_group_size(requiredWorkGroupSize) when that is > 0.
void printOnePassKernel(const runtime::Step &lookback,
                        const runtime::Plan &plan, int dims,
                        int64_t requiredWorkGroupSize, std::string &out);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_ONEPASSPRINTER_H
