//===- CacheFiles.h - Where sluice keeps its caches, and how ----*- C++ -*-===//
//
// One folder holds every cache sluice writes on disk: OpenCL device
// binaries (opencl/), the OpenCL tuning cache (tuning.json) and the CPU
// JIT's object code (cpu/). A cache file is a header (8 bytes of magic
// naming the format, the payload's size and an FNV-1a checksum of it) and
// the payload; it is written through a temporary file and a rename, so a
// reader never sees half of one, and a file that fails any check is
// treated as missing. A cache is an optimisation: a folder that cannot be
// written only costs recompiling. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_CACHEFILES_H
#define SLUICE_RUNTIME_CACHEFILES_H

#include <cstdint>
#include <string>

namespace sluice::runtime {

/// The sluice cache directory: $SLUICE_CACHE_DIR, else
/// $XDG_CACHE_HOME/sluice, else $HOME/.cache/sluice; empty when none of
/// these variables is set (then nothing is cached on disk).
std::string defaultCacheDirectory();

/// FNV-1a (64 bits) over `data`, from `seed`.
uint64_t fnv1a(const std::string &data, uint64_t seed = 0xcbf29ce484222325ull);

/// `value` as 16 hex digits.
std::string hex64(uint64_t value);

/// A cache key built from parts: each part is appended with its length, so
/// no two lists of parts give the same text; key() is 32 hex digits (two
/// FNV-1a hashes of the text with different seeds).
class CacheKey {
public:
  /// Appends `part`.
  CacheKey &add(const std::string &part);
  /// The key of the parts added so far.
  std::string key() const;

private:
  std::string text;
};

/// The payload of the cache file `path` written with `magic` (8 bytes),
/// or false when the file is missing (`corrupt` false) or malformed: a
/// wrong magic, size or checksum (`corrupt` true).
bool readCacheFile(const std::string &path, const char (&magic)[8],
                   std::string &payload, bool &corrupt);

/// Writes `payload` to `path` with `magic` through a temporary file and a
/// rename, creating the folders on the way; false on any failure.
bool writeCacheFile(const std::string &path, const char (&magic)[8],
                    const std::string &payload);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CACHEFILES_H
