//===- OpenclProgram.h - A model function compiled for OpenCL ---*- C++ -*-===//
#ifndef SLUICE_CODEGEN_OPENCL_OPENCLPROGRAM_H
#define SLUICE_CODEGEN_OPENCL_OPENCLPROGRAM_H

#include "codegen/cpu/CodegenContext.h"
#include "runtime/Plan.h"

#include <string>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::codegen::opencl {

/// A model compiled for the OpenCL target: its plan (no deferred steps:
/// every kernel is in the program) and the OpenCL C source of its kernels.
/// Needs no OpenCL device: the program is built where it runs
/// (runtime/opencl/OpenclModel.h).
struct OpenclProgram {
  runtime::Plan plan;
  std::string source;
};

/// Builds the plan and kernels of `func` (the `scheduled` stage, with
/// sl-schedule's target=opencl; or `recognized`, whose scans then get the
/// OpenCL target's default schedule) for TargetInfo::opencl() (the other
/// options as given) and prints the kernels as OpenCL C. Throws
/// std::runtime_error, also for a scan scheduled for the CPU.
OpenclProgram buildOpenclProgram(mlir::func::FuncOp func,
                                 cpu::CpuOptions options);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_OPENCLPROGRAM_H
