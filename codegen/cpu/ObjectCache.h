//===- ObjectCache.h - JIT-compiled kernels kept on disk --------*- C++ -*-===//
//
// The CPU JIT's object code, kept under defaultCacheDirectory()/cpu/<key>.o
// (runtime/CacheFiles.h: header, checksum, atomic writes). The key hashes
// a part of the kernels as the JIT gets them (MLIR, before the lowering to
// the LLVM dialect; with the plan's marks that change that lowering), with
// the target (triple, CPU, features, relocation and code model, code
// generation level), LLVM's version, the vector math functions known to the
// vectoriser, kObjectCacheFormat, and the builds of the code generator
// (path, size and modification time of the files holding sluice's code and
// LLVM's: a rebuilt sluice, application or LLVM is another key, so objects
// of an older lowering are never loaded). So a second compile of the same
// kernels on the same machine loads their object code instead of lowering
// them and running LLVM's optimizer and code generator. The folder keeps at
// most SLUICE_JIT_CACHE_MB megabytes (256), least recently used files
// removed first. SLUICE_JIT_CACHE=0 turns the cache off.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_OBJECTCACHE_H
#define SLUICE_CODEGEN_CPU_OBJECTCACHE_H

#include <cstdint>
#include <string>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace sluice::codegen::cpu {

/// The format of the cache's files and keys; bumped when either changes.
constexpr const char *kObjectCacheFormat = "sluice-cpu-objects-1";

/// What the object caches of this process did (every ObjectCache counts
/// here; tests read it).
struct ObjectCacheStats {
  /// Parts whose object code came from a cache file.
  uint64_t hits = 0;
  /// Parts that LLVM compiled (the cache off, or no file for the key).
  uint64_t compiles = 0;
  /// Cache files that failed a check or did not link (then compiled and
  /// rewritten).
  uint64_t corruptFiles = 0;
  /// Cache files written.
  uint64_t writes = 0;
  /// Cache files removed to keep a folder within its capacity.
  uint64_t evictions = 0;
};

/// The most bytes of object files a cache folder keeps by default
/// (SLUICE_JIT_CACHE_MB overrides it).
constexpr uint64_t kDefaultObjectCacheBytes = 256ull << 20;

/// A folder of object files, one per key, at most `capacityBytes` of them:
/// a hit marks its file used (its modification time), and a store that
/// finds the folder over its capacity removes the least recently used
/// files until it is at 3/4 of it (checked at a process's first store and
/// every 64 stores after). Thread-safe: files are written atomically and
/// the counts are atomic.
class ObjectCache {
public:
  /// Objects in `directory`; empty: no cache (load() misses, store() does
  /// nothing).
  explicit ObjectCache(std::string directory,
                       uint64_t capacityBytes = kDefaultObjectCacheBytes);

  /// The cache the JIT uses now: defaultCacheDirectory()/cpu, or none where
  /// SLUICE_JIT_CACHE is "0" or no cache directory is known, of
  /// SLUICE_JIT_CACHE_MB megabytes if set (read at each call, so a test or
  /// an application can change them between compiles).
  static ObjectCache fromEnvironment();

  /// Whether files are read and written.
  bool enabled() const { return !directory_.empty(); }
  /// The key of `kernels` (the text of a part's kernels before lowering,
  /// with what else decides their lowering: kernelsText() in Jit.cpp)
  /// compiled by `targetMachine` with the vector math functions named by
  /// `vectorMath` (vectorMathFunctions() in Jit.h) known to the
  /// vectoriser: 32 hex digits.
  static std::string key(const std::string &kernels,
                         const llvm::TargetMachine &targetMachine,
                         const std::string &vectorMath);
  /// The file of `key`; empty without a folder.
  std::string filePath(const std::string &key) const;
  /// The object code stored for `key`, or false (a miss: no file, or one
  /// that failed a check, which is counted as corrupt).
  bool load(const std::string &key, std::string &object) const;
  /// Stores `object` for `key` (a folder that cannot be written is
  /// ignored: the next compile compiles again).
  void store(const std::string &key, const std::string &object) const;
  /// Removes the least recently used object files (and temporary files an
  /// interrupted write left, older than an hour) while the folder holds
  /// more than its capacity, down to 3/4 of it; the bytes it removed.
  uint64_t trim() const;
  /// Counts a part that LLVM compiled.
  static void countCompile();
  /// Counts a cached object that passed its checks but did not link.
  static void countCorrupt();

  /// The process's counts so far.
  static ObjectCacheStats stats();

private:
  std::string directory_;
  uint64_t capacityBytes_;
};

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_OBJECTCACHE_H
