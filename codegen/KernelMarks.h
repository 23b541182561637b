//===- KernelMarks.h - Marks from the plan builder to a printer -*- C++ -*-===//
//
// Kernel functions of the plan builder are shared by the backends; these
// marks cross from the builder to the OpenCL printer without being ops of
// their own: a discardable attribute on an scf.for, and the call and
// attribute of a look-back's register tile (ScanTile.h).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_KERNELMARKS_H
#define SLUICE_CODEGEN_KERNELMARKS_H

namespace sluice::codegen {

/// Marks an scf.for that walks a scan's axis (KernelBuilder::
/// stepLoopCarried). Its steps' loads do not depend on the carried state,
/// so the OpenCL printer asks for the loop to be unrolled (SLUICE_STEP_LOOP,
/// stepLoopPrelude in OnePassPrinter.h), which puts several steps' loads in
/// flight at once, unless the loop computes a math function (exp, log, ...:
/// unrolled, those cost more registers than the batch gains); the CPU
/// lowering ignores it (its look-back lanes are interleaved by hand).
constexpr const char *kSteppedLoopAttr = "sluice.step_loop";

/// On a kernel function: its inner loops run over short rows of state
/// elements (every scan fused with a reduction of its state: Mamba's
/// N = 16, GLA's V; measured at N = 16 and V = 32).
/// The CPU lowering asks LLVM not to interleave its loops, so that a
/// vectorised loop body needs one vector's worth of elements: interleaved
/// four times, the body took 32 floats and a row of 16 ran the scalar
/// remainder loop.
constexpr const char *kShortRowsAttr = "sluice.short_rows";

/// The callee of the call in a look-back's tile function (ScanTile.h) that
/// stands for the look-back itself: everything before it computes and
/// stores the tile's aggregates, everything after reads its carry. Only the
/// OpenCL printer's one-pass tile kernel prints such a function (the call
/// becomes the look-back); it declares no body.
constexpr const char *kTileLookbackCallee = "sluice_tile_lookback";

/// On a tile function: its plan buffers by slot (an i32 array), as a
/// kernel step's Step::buffers (the function is not a plan step).
constexpr const char *kTileBuffersAttr = "sluice.tile_buffers";

/// On a tile function: the steps per lane it holds (the chunk it is for).
constexpr const char *kTileStepsAttr = "sluice.tile_steps";

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_KERNELMARKS_H
