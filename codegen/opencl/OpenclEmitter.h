//===- OpenclEmitter.h - A plan's kernels as OpenCL C -----------*- C++ -*-===//
//
// The OpenCL target's code generator. The plan builder (codegen/cpu) makes
// one kernel module for both targets: func.func ops over pointers with scf,
// arith and math (the `cpu` stage). The CPU target lowers it to LLVM; this
// prints it as OpenCL C 1.2, one `__kernel` per function, with the launch
// ABI of runtime/opencl/KernelAbi.h.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_OPENCLEMITTER_H
#define SLUICE_CODEGEN_OPENCL_OPENCLEMITTER_H

#include "runtime/Plan.h"

#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace sluice::codegen::opencl {

/// The build options the printed programs assume: f32 division and square
/// root correctly rounded, as on the CPU. Never add -cl-fast-relaxed-math or
/// -cl-finite-math-only: the kernels test for NaN and infinities.
constexpr const char *kOpenclBuildOptions =
    "-cl-fp32-correctly-rounded-divide-sqrt";

/// The OpenCL C source of every kernel function of `modules` (a plan's
/// kernels and its deferred kernels), each a `__kernel` named like its
/// function with the parameters KernelAbi.h gives it for the step of
/// `plan` that names it. Throws std::runtime_error, with "file:line:col: "
/// of the op when it has one, for an op it cannot print.
std::string emitOpenclProgram(const std::vector<mlir::ModuleOp> &modules,
                              const runtime::Plan &plan);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_OPENCLEMITTER_H
