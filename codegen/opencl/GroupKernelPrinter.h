//===- GroupKernelPrinter.h - A scan and its sum in work-groups -*- C++ -*-===//
//
// Prints a group kernel (a scan fused with a sum over one of its state dims,
// codegen/cpu/ScanReduceGroupKernel.cpp; the launch ABI in
// runtime/opencl/KernelAbi.h): the work-group's template around the
// function's walk of one channel, whose calls of KernelMarks.h become the
// template's local-memory terms, barriers and stores. Internal to
// codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_GROUPKERNELPRINTER_H
#define SLUICE_CODEGEN_OPENCL_GROUPKERNELPRINTER_H

#include "codegen/opencl/KernelPrinter.h"

#include <string>

namespace sluice::codegen::opencl {

/// The definitions a program with group kernels starts with:
/// SLUICE_GROUP_ITEMS (KernelAbi.h's kGroupKernelItems).
std::string groupKernelPrelude();

/// Whether `func` is a group kernel (kGroupKernelAttr).
bool isGroupKernel(mlir::func::FuncOp func);

/// Appends group kernel `func` to `out`, with `params` as printKernel's
/// (its buffers' dtypes, dims and legend). Throws std::runtime_error, with
/// the function's location, for what it cannot print (an output slot that
/// is not a float buffer of the step).
void printGroupKernel(mlir::func::FuncOp func, const KernelParams &params,
                      ProgramNeeds &needs, std::string &out);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_GROUPKERNELPRINTER_H
