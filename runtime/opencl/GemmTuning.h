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
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::runtime::opencl {

/// The number of Xgemm parameters.
constexpr size_t kXgemmParameterCount = 16;

/// CLBlast's names of the Xgemm parameters, in its database's order.
extern const std::array<const char *, kXgemmParameterCount>
    kXgemmParameterNames;

/// One set of Xgemm parameters, in kXgemmParameterNames's order.
using XgemmParameters = std::array<int64_t, kXgemmParameterCount>;

/// Indices into XgemmParameters (CLBlast's names).
// clang-format off
enum XgemmIndex : size_t {
  GEMMK, KREG, KWG, KWI, MDIMA, MDIMC, MWG, NDIMB,
  NDIMC, NWG, SA, SB, STRM, STRN, VWM, VWN
};
// clang-format on

/// Xgemm parameters with their names, as the tuning cache stores them
/// (GemmTuningEntry::parameters); empty: CLBlast's own.
using NamedXgemmParameters = std::vector<std::pair<std::string, int64_t>>;

/// The tuning cache's kernel name for f32 Xgemm.
constexpr const char *kXgemmF32Kernel = "Xgemm.f32";

/// "mA.nB.kC" with floor(log2) of each size, ".bD" for a batch, ".ta" and
/// ".tb" for transposed operands: products within a factor of two per size
/// share an entry.
std::string gemmSizeClass(const GemmShape &shape);

/// Why `parameters` cannot run on `device`, or "": values out of CLBlast's
/// ranges (GEMMK, SA, SB, STRM, STRN 0 or 1; VWM, VWN 1, 2, 4, 8 or 16;
/// sizes 1 to 4096), the divisibility rules of CLBlast's own tuner, the
/// device's work-group size and local memory.
std::string xgemmProblem(const XgemmParameters &parameters,
                         const DeviceInfo &device);

/// "MWG=64 NWG=64 KWG=32 MDIMC=16 ..." (the order of kXgemmParameterNames).
std::string formatXgemmParameters(const XgemmParameters &parameters);

/// Every candidate set, fitting a device or not: sets of CLBlast's
/// databases (1.5.3's NVIDIA default and A100, and later releases' RTX
/// 20xx-40xx entries) and larger tiles (128 x 128 a work-group).
const std::vector<XgemmParameters> &xgemmCandidateTable();

/// The candidates the tuner tries besides CLBlast's own choice: those of
/// xgemmCandidateTable() that fit `device`.
std::vector<XgemmParameters> xgemmCandidates(const DeviceInfo &device);

/// The Xgemm parameters one f32 product runs with, held while it lives.
/// Once a device has had a tuning cache entry applied, a TunedXgemm holds
/// that device's lock, so no other thread changes CLBlast's parameters
/// between their choice and the product (CLBlast reads them when the
/// product starts). Move-only.
class TunedXgemm {
public:
  TunedXgemm() = default;
  TunedXgemm(TunedXgemm &&) = default;
  TunedXgemm &operator=(TunedXgemm &&) = default;
  /// Whether a tuned entry (not CLBlast's own parameters) is in effect.
  bool tuned() const { return tuned_; }
  /// After the product failed with the tuned entry: CLBlast's own
  /// parameters for the rest of this product (the caller retries it);
  /// refuse() then says that the retry worked.
  void useOwnParameters();
  /// Ignores the entry for the product's size class for the rest of the
  /// process, with one warning saying `why` (its failure).
  void refuse(const std::string &why);

private:
  friend TunedXgemm useTunedXgemm(Context &context, const GemmShape &shape);
  std::unique_lock<std::mutex> lock_;
  const DeviceInfo *device_ = nullptr;
  std::string sizeClass_;
  bool tuned_ = false;
};

/// Before an f32 product of `shape` on `context`'s device: hands CLBlast
/// the process's tuning cache entry for the device and the shape's size
/// class, or CLBlast's own parameters back when there is none and another
/// entry was applied before. Takes no lock and changes nothing while the
/// device has had no entry applied and the class has none (a cache lookup).
/// An entry that is not a complete parameter set passing xgemmProblem on
/// this device is ignored with one warning. Throws Error when CLBlast
/// refuses the parameters. The parameters CLBlast holds are process-wide:
/// an application's own CLBlast calls on the device get them too.
TunedXgemm useTunedXgemm(Context &context, const GemmShape &shape);

/// The Xgemm parameters this process has handed CLBlast for `device`, as
/// the tuning cache entry or candidate gave them; empty for CLBlast's own.
NamedXgemmParameters appliedXgemmParameters(const DeviceInfo &device);

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

/// Times CLBlast's own choice and the candidates (all, or `samples` of them
/// drawn with `seed`) at `shape` on `context`'s device (random operands;
/// alpha 1 and beta 0, which do not change the kernel;
/// one untimed call each, whose product is checked against CLBlast's own
/// within 1e-4 of its largest magnitude; the median of `runs` calls, each
/// after a cache flush, timed as DeviceTimer times a plan's call), and
/// puts the fastest that matches in `cache` (not saved). Throws Error when
/// CLBlast's own choice fails, or when this build has no CLBlast.
TunedGemm tuneXgemm(Context &context, const GemmShape &shape, int runs,
                    int samples, uint64_t seed, TuningCache &cache);

/// The table `tune` prints for one product: its key, one line per
/// candidate (ms, check, parameters) and the winner.
std::string formatGemmTuneTable(const std::string &model,
                                const TunedGemm &tuned);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_GEMMTUNING_H
