//===- LanePairs.h - Two neighbouring channels of one work-item -*- C++ -*-===//
//
// A pair tile (ScanTile.h's addScanPairsWalk) computes two neighbouring
// channels in one work-item: lane 0 at channel c (even) and lane 1 at c + 1
// along one space dim, `pairedDim`, whose extent is even wherever the
// pairing is used (so both channels sit in the same row). Each lane has an
// ExprEmitter of its own; LanePairs is what the two share. Lane 0 loads a
// bf16 leaf laid out with pairedDim last (unit stride) as the 32-bit word
// that holds both channels' values and takes its low half; lane 1 takes
// the high half of the same word instead of loading (so each register of
// the tile holds two channels' values until they are used); a leaf that
// does not follow pairedDim is loaded once, by lane 0, and shared. Lane 1
// must emit what lane 0 did at the same coordinates but pairedDim's: a
// load of lane 1 that matches none of lane 0's pending ones is loaded as
// usual (always right, only slower).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_LANEPAIRS_H
#define SLUICE_CODEGEN_CPU_LANEPAIRS_H

#include "codegen/cpu/KernelBuilder.h"

#include <vector>

namespace sluice::codegen::cpu {

/// What lanes 0 and 1 of a pair tile share (see the file comment).
class LanePairs {
public:
  /// Pairs lanes along space dim `pairedDim`.
  explicit LanePairs(int pairedDim) : pairedDim(pairedDim) {}

  /// The space dim the lanes' channels are neighbours along.
  int dim() const { return pairedDim; }

  /// What identifies one load of a leaf: the buffer, how it sits in the
  /// space, the loop coordinates (pairedDim's left out) and the shifts it
  /// is read under.
  struct LoadKey {
    int32_t buffer = 0;
    std::vector<int> map;
    std::vector<void *> coords;
    std::vector<int64_t> shifts;
    bool operator==(const LoadKey &other) const {
      return buffer == other.buffer && map == other.map &&
             coords == other.coords && shifts == other.shifts;
    }
  };

  /// The element of a leaf for lane `lane`: `key` identifies the load,
  /// `followsPairedDim` whether the leaf's offset moves with pairedDim,
  /// `unitStride` whether pairedDim is its last, contiguous dim, read
  /// without a shift along it; `offset` is this lane's element offset in
  /// the buffer `ptr` of `storage` (a load that is not shared is plain).
  mlir::Value load(KernelBuilder &kb, int lane, LoadKey key,
                   bool followsPairedDim, bool unitStride, mlir::Value ptr,
                   mlir::Value offset, mlir::Type storage);

  /// Forgets lane 0's pending loads: called where the builder leaves the
  /// region they were emitted in (their values would not dominate lane 1's
  /// uses there).
  void clear() { pending.clear(); }

  /// How many 32-bit words lane 0 loaded for both lanes (a tile whose
  /// count stays 0 gains nothing from its pairs).
  int64_t wordLoads() const { return words; }

private:
  /// How lane 1 gets an element lane 0 loaded.
  enum class Share {
    Word,  ///< the high half of lane 0's 32-bit word
    Value, ///< lane 0's element itself (the leaf ignores pairedDim)
  };
  struct Pending {
    LoadKey key;
    Share share;
    mlir::Value value;
  };

  int pairedDim;
  std::vector<Pending> pending;
  int64_t words = 0;
};

/// Lane `lane`'s f32 of 32-bit `word`, the word of two bf16 elements:
/// lane 0's the low half, lane 1's the high half.
mlir::Value pairHalf(KernelBuilder &kb, mlir::Value word, int lane);

/// The 32-bit word of lanes 0 and 1's f32 values `low` and `high`, each a
/// bf16 value widened (its low 16 bits zero): the word pairHalf splits.
/// Where they are the halves of one word, that word itself.
mlir::Value packPairHalves(KernelBuilder &kb, mlir::Value low,
                           mlir::Value high);

/// The index of the 32-bit word holding 16-bit element `offset` (even) and
/// the next.
mlir::Value pairWordIndex(KernelBuilder &kb, mlir::Value offset);

/// The space coordinates of lane 1 of a pair whose lane 0 has `coords`:
/// the same values, pairedDim's plus one.
llvm::SmallVector<mlir::Value> pairedCoords(KernelBuilder &kb,
                                            llvm::ArrayRef<mlir::Value> coords,
                                            int pairedDim);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_LANEPAIRS_H
