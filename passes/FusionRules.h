//===- FusionRules.h - Which element-wise values are stored -----*- C++ -*-===//
//
// The decisions of `sl-fuse` (passes/SlFuse.cpp) as a small library that the
// pass and the code generator (for IR nobody fused, e.g. hand-written or
// stopped at an earlier stage) share: for every element-wise op (and
// `sl.shift`), whether its value is computed inside the kernels of the ops
// that read it or stored by a kernel of its own, and why (`#sl.fusion`).
// The code generator obeys the decision; it decides nothing itself.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_PASSES_FUSIONRULES_H
#define SLUICE_PASSES_FUSIONRULES_H

#include "ir/SluiceOps.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>

namespace mlir {
class Pass;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace sluice {

/// True for ops computed element by element at the same coordinates
/// (arith/math on floats, sl activations, broadcasts, splat constants).
bool isElementwise(mlir::Operation *op);
/// True for ops the code generator can compute inside their consumers'
/// kernels: the element-wise ones and shifts.
bool isFusable(mlir::Operation *op);
/// True for a boolean (i1) tensor, such as an `arith.cmpf` result. Booleans
/// never get a buffer: they are always computed inside the kernel of the
/// `arith.select` that reads them (a comparison costs one op).
bool isBoolean(mlir::Value v);

/// What `sl-fuse` is asked.
struct FusionOptions {
  /// False (`--no-fusion`): every element-wise value but booleans is stored.
  bool fusion = true;
};

/// The name of the discardable attribute holding an op's `#sl.fusion`.
inline constexpr const char *kFusionAttrName = "sl.fusion";

/// Element-wise values read by several consumers are recomputed in each
/// (memory is the bottleneck) unless they cost more than this many ops.
constexpr int64_t kRecomputeBudget = 24;
/// The longest chain of element-wise ops computed inline in one kernel: a
/// value deeper than this is stored, so that the emitter's recursion and the
/// size of one kernel stay bounded (a flat sum of 100k terms becomes kernels
/// of this depth each) while every real model fuses fully.
constexpr int64_t kMaxFusedDepth = 512;
/// The most element-wise ops (counted as a tree) computed inline for one
/// value: LLVM's time on one kernel grows faster than its size, so a wide
/// expression (a balanced sum of 100k terms) is stored in pieces too.
constexpr int64_t kMaxFusedOps = 1024;

/// A transcendental value (exp, log, an activation, ...) computed inline
/// by a broadcast whose result has this many dims (not 1) after the value's
/// own is stored (`store_broadcast`): inline, every element of those
/// trailing dims (a scan's state) would compute it again (mLSTM's gates per
/// (t, head) in each of V x K state elements; benchmarks/NOTES.md). One
/// such dim keeps it inline: the code generator computes a value that is
/// constant along a row once per row (GLA's gate per (t, k), spread along
/// V, was slower stored); dims before its own (a parameter per channel
/// spread along batch and time) do not count: it is computed once per
/// channel.
constexpr int64_t kMinStretchedDims = 2;

/// The decision for every fusable op of `function` (its body and the bodies
/// of its `sl.loop`s), in program order: a value is stored when it is a
/// model output, when fusion is off, when several ops read it and it costs
/// more than kRecomputeBudget ops to recompute (counted up to the values
/// already stored), when it is a transcendental function that a broadcast
/// spreads along kMinStretchedDims trailing dims, or when
/// computing it inline would pass kMaxFusedDepth or kMaxFusedOps; booleans
/// are always inline.
llvm::DenseMap<mlir::Operation *, sl::Fusion>
decideFusion(mlir::func::FuncOp function, const FusionOptions &options);

/// The decision `sl-fuse` recorded on `op`, or none.
std::optional<sl::Fusion> recordedFusion(mlir::Operation *op);

/// The `sl-fuse` pass with `options`.
std::unique_ptr<mlir::Pass> createSlFusePass(const FusionOptions &options);

} // namespace sluice

#endif // SLUICE_PASSES_FUSIONRULES_H
