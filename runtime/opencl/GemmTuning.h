//===- GemmTuning.h - CLBlast's matrix-product kernel, tuned ----*- C++ -*-===//
//
// CLBlast picks the parameters of its Xgemm kernel (tile sizes, work-group
// shape, vector widths, local-memory caching) from a database of devices;
// a device it does not know (the H100 and H200 among them, in Debian 12's
// CLBlast 1.5.3) gets its vendor's default, small tiles. `sluice tune` and
// `sluice-run --tune` time a set of candidates on the device at each f32
// matrix product's shape, check each against CLBlast's own choice, and
// store the fastest in the tuning cache under the device and the shape's
// size class (gemmSizeClass); sgemm then hands that entry to CLBlast
// (OverrideParameters) before each product of that class, and CLBlast's own
// choice back for the others. Only Xgemm, the kernel CLBlast runs for large
// products: below CLBlast's XGEMM_MIN_INDIRECT_SIZE^3 multiply-adds it runs
// XgemmDirect, which the tuner leaves alone. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_GEMMTUNING_H
#define SLUICE_RUNTIME_OPENCL_GEMMTUNING_H

#include "runtime/opencl/Gemm.h"
#include "runtime/opencl/TuningCache.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class Context;
struct DeviceInfo;

/// The number of Xgemm parameters.
constexpr size_t kXgemmParameterCount = 16;

/// CLBlast's names of the Xgemm parameters, in its database's order.
extern const std::array<const char *, kXgemmParameterCount>
    kXgemmParameterNames;

/// One set of Xgemm parameters, in kXgemmParameterNames's order.
using XgemmParameters = std::array<int64_t, kXgemmParameterCount>;

/// The tuning cache's kernel name for f32 Xgemm.
constexpr const char *kXgemmF32Kernel = "Xgemm.f32";

/// "mA.nB.kC" with floor(log2) of each size, ".bD" for a batch, ".ta" and
/// ".tb" for transposed operands: products within a factor of two per size
/// share an entry.
std::string gemmSizeClass(const GemmShape &shape);

/// Why `parameters` cannot run on `device` (CLBlast's own constraints on
/// them, the device's work-group size and local memory), or "".
std::string xgemmProblem(const XgemmParameters &parameters,
                         const DeviceInfo &device);

/// "MWG=64 NWG=64 KWG=32 MDIMC=16 ..." (the order of kXgemmParameterNames).
std::string formatXgemmParameters(const XgemmParameters &parameters);

/// The candidates the tuner tries besides CLBlast's own choice: the
/// parameters CLBlast's database holds for recent NVIDIA and AMD GPUs and
/// larger tiles (128 x 128 a work-group), those that fit `device`.
std::vector<XgemmParameters> xgemmCandidates(const DeviceInfo &device);

/// Before an f32 product of `shape` on `context`'s device: hands CLBlast
/// the process's tuning cache entry for the device and the shape's size
/// class, or CLBlast's own choice back when there is none and another
/// entry was applied before. Does nothing when the cache has no gemm
/// entry for the device (the common case: one lookup). An entry that is
/// not a complete set of parameters meeting CLBlast's constraints on this
/// device is ignored with one warning. Returns whether a tuned entry is in
/// effect. Throws Error when CLBlast cannot be asked.
bool useTunedXgemm(Context &context, const GemmShape &shape);

/// After a product that failed with the tuned entry in effect: ignores the
/// entry for the shape's size class for the rest of the process (one
/// warning saying `why`) and hands CLBlast its own parameters back.
void refuseTunedXgemm(Context &context, const GemmShape &shape,
                      const std::string &why);

/// One candidate of a tuned product.
struct TunedGemmCandidate {
  /// Empty: CLBlast's own choice.
  std::optional<XgemmParameters> parameters;
  double milliseconds = 0;
  bool matches = false; ///< ran, and its product matched CLBlast's own
  std::string problem;  ///< why it failed or did not match
};

/// The tuning of one f32 product shape.
struct TunedGemm {
  GemmShape shape;
  TuningKey key;
  /// False when CLBlast runs XgemmDirect at this shape (nothing tried).
  bool indirect = true;
  std::vector<TunedGemmCandidate> candidates; ///< CLBlast's own first
  size_t winner = 0;
};

/// Times CLBlast's own choice and the candidates (all, or `random` of them
/// drawn with `seed`) at `shape` on `context`'s device (random operands;
/// one untimed call each, whose product is checked against CLBlast's own
/// within 1e-4 of its largest magnitude; the median of `runs` calls, each
/// after a cache flush, timed as DeviceTimer times a plan's call), and
/// puts the fastest that matches in `cache` (not saved). Throws Error when
/// CLBlast's own choice fails, or when this build has no CLBlast.
TunedGemm tuneXgemm(Context &context, const GemmShape &shape, int runs,
                    int random, uint64_t seed, TuningCache &cache);

/// The table `tune` prints for one product: its key, one line per
/// candidate (ms, check, parameters) and the winner.
std::string formatGemmTuneTable(const std::string &model,
                                const TunedGemm &tuned);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_GEMMTUNING_H
