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
/// kernels, read from its `#sl.schedule` (info.schedule): channel-parallel,
/// look-back over blocks of lanes x lane steps, or both chosen per call by
/// the channel guard.
void remarkScan(CodegenContext &ctx, ScanInfo &info);

/// A scan fused with the `reduce` of its state over space dim `dim` (through
/// the element-wise `between`, if not null), reading the epilogue `term`;
/// `items` work items walk T (`acrossStates`: each one channel, its states
/// in vectors along `dim`); `sumReader`, if not null, the sum's reader the
/// kernel computes at the sum's store.
void remarkScanReduce(CodegenContext &ctx, ScanInfo &info,
                      mlir::Operation *reduce, mlir::Operation *between,
                      mlir::Value term, int dim, const runtime::SizeExpr &items,
                      bool acrossStates = false,
                      mlir::Operation *sumReader = nullptr);

/// A scan block left as a loop (sequential over T): `items` work items, or
/// one item over everything when `sequentialItems`; `rowTile` > 0: the
/// rows kernel's channels a work item walks side by side.
void remarkLoop(CodegenContext &ctx, mlir::Operation *loop,
                const runtime::SizeExpr &items, bool sequentialItems,
                int64_t rowTile = 0);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_KERNELREMARKS_H
