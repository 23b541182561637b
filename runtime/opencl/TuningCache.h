//===- TuningCache.h - Tuned look-back schedules, on disk -------*- C++ -*-===//
//
// The winners of `sluice tune` / `sluice-run --tune` (Tuner.h,
// GemmTuning.h): per device, kernel and size class, the schedule of a
// Lookback step (LookbackTuning.h), and per device and matrix-product size
// class, CLBlast's kernel parameters. A JSON file, $SLUICE_TUNING_CACHE,
// else defaultCacheDirectory()/tuning.json (ProgramCache.h):
//
//   {"format": "sluice-tuning", "version": 1, "entries": [
//     {"device": "NAME|VENDOR|DRIVER", "kernel": "sl_scan_aggregate_0@HASH",
//      "size_class": "c13.t9", "chunk": 64, "work_group": 128,
//      "mode": "three-pass", "microseconds": 120}],
//    "gemm": [
//     {"device": "NAME|VENDOR|DRIVER", "kernel": "Xgemm.f32",
//      "size_class": "m15.n9.k9", "parameters": [["KWG", 32], ...],
//      "microseconds": 410}]}
//
// "gemm" is optional (files written before it are read as they were); an
// empty "parameters" says CLBlast's own choice won.
//
// A file that is corrupt or of another format or version is ignored with
// one warning on stderr (per file and process), never an error; writes go to a
// temporary file that is then renamed. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_TUNINGCACHE_H
#define SLUICE_RUNTIME_OPENCL_TUNINGCACHE_H

#include "runtime/opencl/LookbackTuning.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace sluice::runtime::opencl {

struct DeviceInfo;

/// The format version this runtime reads and writes.
constexpr int kTuningCacheVersion = 1;

/// What an entry is for.
struct TuningKey {
  /// The device: name, vendor and driver version (tuningDeviceKey).
  std::string device;
  /// The look-back step's aggregate kernel and a hash of the program's
  /// source (tuningKernelKey): another compile of the model is another key.
  std::string kernel;
  /// The shape's bucket (tuningSizeClass).
  std::string sizeClass;

  bool operator<(const TuningKey &other) const {
    return std::tie(device, kernel, sizeClass) <
           std::tie(other.device, other.kernel, other.sizeClass);
  }
};

/// floor(log2(value)), 0 below 2: the size classes' buckets.
int floorLog2(int64_t value);

/// "NAME|VENDOR|DRIVER" of `device`.
std::string tuningDeviceKey(const DeviceInfo &device);
/// "KERNEL@SOURCEHASH".
std::string tuningKernelKey(const std::string &kernel,
                            const std::string &sourceHash);
/// "cA.tB" with A = floor(log2(channels)) and B = floor(log2(steps))
/// (0 for sizes below 2): shapes within a factor of two share an entry.
/// Several channels add their layout, ".sC" with C = floor(log2(stepStride))
/// (the elements between two steps of a channel; s0: rows): rows and
/// channels interleaved with 4 others of one size take other schedules.
std::string tuningSizeClass(int64_t channels, int64_t steps,
                            int64_t stepStride = 0);

/// One tuned schedule and the time it measured.
struct TuningEntry {
  LookbackSchedule schedule;
  int64_t microseconds = 0;
};

/// A tuned matrix-product kernel's parameters (GemmTuning.h): CLBlast's
/// names and values, in its order; empty when CLBlast's own choice won.
struct GemmTuningEntry {
  std::vector<std::pair<std::string, int64_t>> parameters;
  int64_t microseconds = 0;
};

/// The entries of one file. Thread-safe.
class TuningCache {
public:
  /// Loads `path` (empty: an empty cache that cannot be saved). A missing
  /// file is an empty cache; a corrupt one, or one of another format or
  /// version, is an empty cache and one warning on stderr.
  explicit TuningCache(std::string path);

  /// $SLUICE_TUNING_CACHE, else defaultCacheDirectory()/tuning.json, else
  /// empty.
  static std::string defaultPath();
  /// The process's cache, loaded from defaultPath() on first use (the
  /// executor reads it on every call; the tuner adds to it).
  static TuningCache &forProcess();

  const std::string &path() const { return path_; }
  /// The entry for `key`, if any.
  std::optional<TuningEntry> find(const TuningKey &key) const;
  /// Adds or replaces the entry for `key` (in memory; save() writes).
  void put(const TuningKey &key, const TuningEntry &entry);
  /// Removes the entry for `key` (in memory), if any.
  void erase(const TuningKey &key);
  /// The matrix-product entry for `key` (its `kernel` names the routine and
  /// precision, "Xgemm.f32"; its size class gemmSizeClass's), if any.
  std::optional<GemmTuningEntry> findGemm(const TuningKey &key) const;
  /// Adds or replaces a matrix-product entry (in memory; save() writes).
  void putGemm(const TuningKey &key, const GemmTuningEntry &entry);
  /// Look-back and matrix-product entries together.
  size_t size() const;
  /// Writes every entry to path() through a temporary file and a rename.
  /// Throws Error naming the file when it cannot be written.
  void save() const;
  /// Re-reads path() (dropping unsaved entries).
  void reload();

private:
  std::string path_;
  mutable std::mutex mutex_;
  std::map<TuningKey, TuningEntry> entries_;
  std::map<TuningKey, GemmTuningEntry> gemmEntries_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_TUNINGCACHE_H
