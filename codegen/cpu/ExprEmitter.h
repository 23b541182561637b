//===- ExprEmitter.h - Element-wise expressions inside a kernel -*- C++ -*-===//
//
// A kernel iterates over a "space" (a symbolic shape). Each value it reads is
// placed in that space by a DimMap: for each dim of the value, the space dim
// whose coordinate indexes it, or -1 for a stretched size-1 dim (index 0).
// The emitter computes a value's element at the current coordinates: values
// in plan buffers are loaded (the leaves); fusable producers (element-wise
// ops, broadcasts, splat constants) are computed inline from their operands,
// so a chain of element-wise ops reads each input once and writes nothing.
//
// A shift (`sl.shift`, a delay along one dim, zero-filled) is computed inline
// too: its operand is emitted with that dim's coordinate moved back (leaves
// load from the moved, clamped position) and the element is zero where the
// moved coordinate leaves the dim, so `p[t-1]` of another scan is a load at
// t - 1, never a shifted copy in memory.
//
// Use: collect() every root (makes sure every leaf is in a buffer), then
// prepare() once the item coordinates are known (computes each leaf's base
// offset), then, inside the loops, beginScope() and emit().
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_EXPREMITTER_H
#define SLUICE_CODEGEN_CPU_EXPREMITTER_H

#include "codegen/cpu/CodegenContext.h"

#include <map>

namespace sluice::codegen::cpu {

class LanePairs;

/// For each dim of a value, the space dim it follows, or -1 (always 0).
using DimMap = llvm::SmallVector<int, 4>;

/// The trailing-aligned map of a value of rank `rank` into a space of rank
/// `spaceRank`, skipping the space dim `skip` (>= 0) if given: how a slice
/// or an invariant sits in a space that has the scan axis.
DimMap alignTrailing(const SymShape &value, const SymShape &space,
                     int skip = -1);

/// The map of a value that is the space itself (dim d follows space dim d).
DimMap identityMap(size_t rank);

/// Emits element-wise expressions of one kernel.
class ExprEmitter {
public:
  ExprEmitter(CodegenContext &ctx, KernelStep &ks, const SymShape &space)
      : ctx(ctx), ks(ks), space(space), shiftBack(space.size(), 0) {}

  /// Pass 1: registers (v, map), materializing every leaf it reads.
  void collect(mlir::Value v, const DimMap &map);
  /// Computes each leaf's base offset from the item coordinates
  /// (`itemCoords[d]` for item dims; null for dims that loops will set).
  void prepare(llvm::ArrayRef<mlir::Value> itemCoords);
  /// Starts a new set of loop coordinates (forgets computed elements, but
  /// not those hoisted by hoistInvariant since the last beginOuterScope).
  void beginScope() { memo.clear(); }
  /// Starts a new set of outer-loop coordinates: forgets every computed
  /// element, hoisted ones included.
  void beginOuterScope() {
    memo.clear();
    hoisted.clear();
  }
  /// Computes now, at the builder's insertion point (outside an inner loop
  /// over space dim `innerDim`), every largest part of (v, map) that does
  /// not depend on `innerDim`, so that emit() inside that loop reuses it
  /// instead of recomputing it per element: a gate of a [B, T, H, K, 1]
  /// coefficient is then computed once per row of V state elements, not V
  /// times. `loopCoords` must hold every loop dim but `innerDim`.
  void hoistInvariant(mlir::Value v, const DimMap &map,
                      llvm::ArrayRef<mlir::Value> loopCoords, int innerDim);
  /// Appends to `parts` every largest computed part of (v, map) that does
  /// not change along space dim `axis` but does along `inner` (leaves,
  /// broadcasts of leaves and constants are not parts: they cost no more
  /// than a load; a part constant along `inner` is hoistInvariant's, once
  /// per row). A kernel that walks `axis` computes each part once per
  /// element before the walk, keeps it, and hands it back with provide() at
  /// each step: S4D's `exp(dt * A)` of a `[D, N]` parameter is then computed
  /// once per state element, not once per step. Each part is listed once.
  /// With `across` >= 0 (a kernel whose inner loop runs along space dim
  /// `across`), a leaf that depends on `inner` and `across` but is laid out
  /// with another dim last (Mamba's A[D, N] read across D) is a part too:
  /// kept in the kernel's layout, it is read contiguously, not gathered.
  void axisInvariantParts(mlir::Value v, const DimMap &map, int axis, int inner,
                          llvm::SmallVectorImpl<std::pair<mlir::Value, DimMap>> &parts,
                          int across = -1);
  /// Appends to `parts` each largest computed part of (v, map) that does
  /// not depend on `innerDim` (what hoistInvariant computes, but for a
  /// broadcast of such a part, listed as its operand, and for parts of
  /// constants alone, not listed), each once. A kernel that visits many
  /// rows per step computes them for all its rows in one loop of their own
  /// (which vectorises, exp included) and hands them back with
  /// provideHoisted: GLA's gate exp(logsigmoid(g) / 16) of a [B, T, H, K, 1]
  /// coefficient, K rows of V states per step.
  void rowInvariantParts(mlir::Value v, const DimMap &map, int innerDim,
                         llvm::SmallVectorImpl<std::pair<mlir::Value, DimMap>> &parts);
  /// Appends to `parts` each largest part of (v, map) that reads no value
  /// declared bound (loads included), each once; parts of constants alone
  /// are not listed. A kernel that walks a block of steps computes them for
  /// every step of the block first (their loads in flight together) and
  /// hands them back with provide() where the bound value is known: the
  /// `C` of Mamba's term `C * h`.
  void boundFreeParts(mlir::Value v, const DimMap &map,
                      llvm::SmallVectorImpl<std::pair<mlir::Value, DimMap>> &parts);
  /// Makes emit() return `element` for (v, map), as if hoistInvariant had
  /// computed it, until the next beginOuterScope.
  void provideHoisted(mlir::Value v, const DimMap &map, mlir::Value element) {
    hoisted[keyOf(v, map)] = element;
  }
  /// Makes emit() return `element` for (v, map) until the next beginScope.
  void provide(mlir::Value v, const DimMap &map, mlir::Value element) {
    memo[keyOf(v, map)] = element;
  }
  /// Makes emit() return `element` for (v, map) read `back` steps back along
  /// space dim `d` (inside shifts whose amounts add up to `back`), until the
  /// next beginScope: a kernel that carries a state hands over its previous
  /// value for `shift(state)`, declared bound or not.
  void provideBack(mlir::Value v, const DimMap &map, int d, int64_t back,
                   mlir::Value element) {
    shiftBack[d] += back;
    memo[keyOf(v, map)] = element;
    shiftBack[d] -= back;
  }
  /// The element of (v, map) at `loopCoords` (indexed by space dim; only the
  /// loop dims are read).
  mlir::Value emit(mlir::Value v, const DimMap &map,
                   llvm::ArrayRef<mlir::Value> loopCoords);

  /// Hints the cache to fetch, for every leaf that moves along space dim
  /// `axis`, its elements at coordinate `at` of that dim (the item's other
  /// coordinates as prepared) over the loop dims whose sizes `loopSizes`
  /// gives (indexed by space dim; null: not spanned), at most `maxLines`
  /// cache lines a leaf. A kernel that walks T with a step too short for
  /// the core to run ahead calls it a few steps early: its rows are strided
  /// along T (GLA's q[b, t, h, :] every H*K elements), which the hardware
  /// prefetcher does not follow far enough.
  void prefetchAlong(int axis, mlir::Value at,
                     llvm::ArrayRef<mlir::Value> loopSizes, int64_t maxLines);

  /// Whether every leaf of (v, map) is read densely over the space's last
  /// `count` dims (its own last `count` dims follow them, in order, with the
  /// same sizes: row-major, no broadcast along them) and no shift is taken
  /// on the way: a kernel may then walk those dims as one flat loop, the
  /// flat index given as the last dim's coordinate.
  bool denseOverTrailing(mlir::Value v, const DimMap &map, int count);

  /// True when `v` would be computed inline rather than loaded.
  bool isInline(mlir::Value v) const;

  /// Makes this emitter lane `lane` (0 or 1) of a pair tile, its leaves
  /// loaded through `pairs` (LanePairs.h): the two lanes' prepare()
  /// coordinates must differ only along pairs->dim(), lane 1's by one.
  void pairAs(LanePairs *pairs, int lane) {
    this->pairs = pairs;
    pairLane = lane;
  }

  /// Whether emit(v, map), in a lane of a pair tile paired along space dim
  /// `pairedDim`, loads the 32-bit word of both lanes' elements: `v` a
  /// bf16 leaf (or one widened to f32) whose last dim is `pairedDim` and
  /// no other, not shifted.
  bool loadsPairWord(mlir::Value v, const DimMap &map, int pairedDim);

  /// Declares `v` as computed by the kernel itself (a scan's state read by a
  /// fused epilogue): collect() does not look for a buffer of it, and emit()
  /// returns the element last given to setBound (at any coordinates), or,
  /// inside a shift, the element given to provideBack.
  void declareBound(mlir::Value v) { bound[v.getAsOpaquePointer()] = {}; }
  /// The element of a declared value at the current coordinates.
  void setBound(mlir::Value v, mlir::Value element) {
    bound[v.getAsOpaquePointer()] = element;
  }

private:
  struct Leaf {
    int32_t buffer;
    DimMap map;
    unsigned slot = 0;
    mlir::Value base;                    ///< item part of the offset
    llvm::SmallVector<mlir::Value> loopStride; ///< per space dim, or null
    llvm::SmallVector<mlir::Value> dimStride;  ///< per space dim it follows
  };
  using Key = std::pair<int32_t, std::vector<int>>;
  Leaf &leafFor(mlir::Value v, const DimMap &map);
  /// The operand's map for a broadcast's result map.
  DimMap broadcastOperandMap(mlir::Operation *bc, const DimMap &map);
  /// True when the element of `v` reads a value declared bound.
  bool readsBound(mlir::Value v) const;
  /// True when the element of (v, map) changes along space dim `d`.
  bool dependsOn(mlir::Value v, const DimMap &map, int d);
  /// The memo key of (v, map) under the current shifts.
  std::pair<void *, std::vector<int>> keyOf(mlir::Value v, const DimMap &map) const;
  /// The coordinate of space dim `d` at `loopCoords` (an item's or a loop's).
  mlir::Value coordinate(int d, llvm::ArrayRef<mlir::Value> loopCoords);
  /// The element of `sl.shift` (v, map): its operand one shift further back.
  mlir::Value emitShift(mlir::Operation *shift, const DimMap &map,
                        llvm::ArrayRef<mlir::Value> loopCoords);
  /// Whether `leaf`'s last, contiguous dim is space dim `d` and no other,
  /// read without a shift along it.
  bool unitStrideAlong(const Leaf &leaf, int d) const;
  /// The element of `leaf` at `loopCoords` (lane 0's `offset` in `ptr`)
  /// through the pair this emitter is a lane of (LanePairs::load).
  mlir::Value loadPaired(const Leaf &leaf,
                         llvm::ArrayRef<mlir::Value> loopCoords,
                         mlir::Value ptr, mlir::Value offset,
                         mlir::Type storage);

  CodegenContext &ctx;
  KernelStep &ks;
  SymShape space;
  std::map<Key, Leaf> leaves;
  using MemoKey = std::pair<void *, std::vector<int>>;
  std::map<MemoKey, mlir::Value> memo;
  /// Values declared bound, with their current element.
  std::map<void *, mlir::Value> bound;
  /// Elements computed by hoistInvariant, valid until beginOuterScope.
  std::map<MemoKey, mlir::Value> hoisted;
  /// The item coordinates given to prepare().
  llvm::SmallVector<mlir::Value> itemCoords;
  /// Per space dim, how far back the element being emitted reads (the sum
  /// of the amounts of the shifts it is inside).
  llvm::SmallVector<int64_t> shiftBack;
  /// The pair this emitter is a lane of (pairAs), or null.
  LanePairs *pairs = nullptr;
  int pairLane = 0;
};

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_EXPREMITTER_H
