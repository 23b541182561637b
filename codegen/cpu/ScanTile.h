//===- ScanTile.h - A look-back block held in registers ---------*- C++ -*-===//
//
// The one-pass look-back (codegen/opencl/OnePassPrinter.h) runs a block's
// aggregate, waits for its carry, then its apply; built from the three
// kernels of the Lookback step, the apply reads the block's inputs again,
// from DRAM when the blocks in flight outgrow the L2. The tile function
// holds a block of TargetInfo::lookbackTileSteps steps in registers
// instead: its steps' coefficients are computed once (straight-line code,
// no loop), the aggregates are stored for the later blocks, a call to
// kTileLookbackCallee (KernelMarks.h) stands for the look-back, and the
// apply runs from the registers and the carry. It is not a plan step: the
// OpenCL printer prints its body inside the one-pass tile kernel, the call
// replaced by the look-back.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SCANTILE_H
#define SLUICE_CODEGEN_CPU_SCANTILE_H

#include "codegen/cpu/CodegenContext.h"
#include "codegen/cpu/ScanInfo.h"

#include <string>

namespace sluice::codegen::cpu {

/// Whether `info`'s look-back gets a tile function: the target asks for one
/// (TargetInfo::lookbackTileSteps > 0), the chunk is a run-time dim, each
/// block is one lane, and the state is small enough to hold
/// (k <= kMaxTileStates).
bool wantsScanTile(const CodegenContext &ctx, const ScanInfo &info);

/// The largest state size k a tile holds: its registers grow with k^2 + k
/// per step, and a k = 2 oscillator (LinOSS) loses accuracy in f32 with
/// blocks as short as a tile (relative error 1.7e-4 at T = 3000 with 32
/// steps per block, whichever way the blocks run).
constexpr int64_t kMaxTileStates = 1;

/// Adds the tile function `<aggregateName>_tile` of `info`'s look-back to
/// the deferred module: a kernel over items (block * C + channel) that
/// computes the block's lane aggregate into `agg` (the aggregate kernel's
/// layout), calls the look-back, reads the block's carry from `carry` and
/// writes the results (the apply kernel's stores). Valid only when the
/// chunk dim is TargetInfo::lookbackTileSteps (kTileStepsAttr says so).
void addScanTile(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                 int32_t carry, const std::string &aggregateName);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANTILE_H
