//===- KernelRemarks.h - What the CPU code generator did, as remarks -*- C++ -*-===//
//
// With CpuOptions::remarks (`--remarks`), the scan and loop generators say,
// at the user's source, what each kernel computes inside it (the
// element-wise producers fused into it, a reduction fused as its epilogue)
// and which schedule it got. The driver prints them like the recognition
// remarks (mlir::emitRemark on the op's location).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_KERNELREMARKS_H
#define SLUICE_CODEGEN_CPU_KERNELREMARKS_H

#include "codegen/cpu/ScanInfo.h"

#include <cstdint>

namespace sluice::codegen::cpu {

/// The element-wise producers and the schedule of a scan with its own
/// kernels: channel-parallel from `threshold` channels (0: always, per
/// thread when `perThread`), else look-back (INT64_MAX: always) over blocks
/// of `blockSteps` steps in `lanes` lanes.
void remarkScan(CodegenContext &ctx, ScanInfo &info, int64_t threshold,
                bool perThread, int64_t blockSteps, int64_t lanes);

/// A scan fused with the `reduce` of its state over space dim `dim` (through
/// the element-wise `between`, if not null), reading the epilogue `term`;
/// `items` work items walk T.
void remarkScanReduce(CodegenContext &ctx, ScanInfo &info,
                      mlir::Operation *reduce, mlir::Operation *between,
                      mlir::Value term, int dim, const runtime::SizeExpr &items);

/// A scan block left as a loop (sequential over T): `items` work items, or
/// one item over everything when `sequentialItems`.
void remarkLoop(CodegenContext &ctx, mlir::Operation *loop,
                const runtime::SizeExpr &items, bool sequentialItems);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_KERNELREMARKS_H
