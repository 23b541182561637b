//===- LoopBody.h - Pieces of an element-wise sl.loop kernel --*- C++ -*-===//
//
// The two CPU kernels of an element-wise `sl.loop` (LoopKernels.cpp: a tile
// of neighbouring channels along a dim after the axis; LoopRowsKernel.cpp:
// rows of T, the axis last) share how the body's block arguments are read,
// how the states' lag rings start, and how the body's ops become scalar
// code.
//
//===----------------------------------------------------------------------===//

#ifndef SLUICE_CODEGEN_CPU_LOOPBODY_H
#define SLUICE_CODEGEN_CPU_LOOPBODY_H

#include "codegen/cpu/ExprEmitter.h"
#include "ir/SluiceOps.h"

#include "mlir/IR/IRMapping.h"

#include <functional>

namespace sluice::codegen::cpu {

/// Most lag values a work item of an element-wise loop keeps on its stack
/// (128 KiB of f64): its tile of channels narrows as the lags grow.
constexpr int64_t kLagBudget = 16384;

/// How each operand of the loop is read in the kernel's space (the loop's
/// result shape): sequences trailing-aligned, invariants and inits aligned
/// around the axis. Collects each into `em`.
struct LoopOperandMaps {
  llvm::SmallVector<DimMap> seqs, invariants, inits;
};
LoopOperandMaps collectLoopOperands(CodegenContext &ctx, ExprEmitter &em,
                                    sl::LoopOp loop, const SymShape &space,
                                    int axis);

/// The first ring slot of each state (its inits' index: states' rings lie
/// one after another, one slot per lag).
llvm::SmallVector<int64_t> lagRingStarts(sl::LoopOp loop);

/// Stores every state's inits at coordinates `at` into its ring: h[-l] (the
/// init for lag l) goes to slot start + lag - l, through `slotAddress`; a
/// run of inits that are one value is stored by a loop.
void storeLagInits(KernelBuilder &kb, ExprEmitter &em, sl::LoopOp loop,
                   const LoopOperandMaps &maps, llvm::ArrayRef<int64_t> starts,
                   llvm::ArrayRef<mlir::Value> at,
                   const std::function<mlir::Value(mlir::Value)> &slotAddress);

/// For step `s` (counted from the walk's start): per state, the ring slot
/// its new value goes to (s mod lag; null for a state without lags), and
/// per lag argument the body reads, the slot of h[s - l].
struct LagSlots {
  llvm::SmallVector<mlir::Value> write;
  llvm::SmallVector<std::pair<mlir::BlockArgument, mlir::Value>> reads;
};
LagSlots lagSlotsAt(KernelBuilder &kb, sl::LoopOp loop,
                    llvm::ArrayRef<int64_t> starts, mlir::Value s);

/// The body's ops as scalar code, its block arguments already in
/// `scalars`; returns the yielded values.
llvm::SmallVector<mlir::Value> emitLoopBody(KernelBuilder &kb, sl::LoopOp loop,
                                            mlir::IRMapping &scalars);

/// Channels a work item of the rows kernel walks at once (one AVX-512
/// vector of f32), and the steps of its blocks.
constexpr int64_t kRowsLoopTile = 16;
constexpr int64_t kRowsLoopBlockSteps = 16;

/// The kernel for an element-wise body whose axis is the last dim (rows of
/// T, e.g. `[B, T]` series): a work item takes a tile of channels of the
/// dim before the axis and walks T in blocks, each block's sequence values
/// staged from the rows (each channel's steps contiguous) into a small
/// array laid out step by channel, the steps run with the tile's channels
/// side by side (one vector), and the results written back row by row.
void generateRowsLoop(CodegenContext &ctx, sl::LoopOp loop,
                      llvm::ArrayRef<int32_t> outputs);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_LOOPBODY_H
