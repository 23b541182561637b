//===- ProgramCache.h - Building OpenCL programs, cached -------*- C++ -*-===//
//
// Builds programs from source for one context's device, and caches them:
// in memory (per context) and on disk as device binaries, under
// cacheDirectory()/opencl/<key>.bin, where the key is a hash of the source,
// the build options, the device name, the driver and device versions and
// the platform. A file is written atomically (a temporary file, then
// rename); a file that is corrupt (bad header, size or checksum) or that the
// driver refuses is ignored, and the program is rebuilt from source and the
// file rewritten. The disk cache is an optimisation: a directory that cannot
// be written only costs rebuilds.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_PROGRAMCACHE_H
#define SLUICE_RUNTIME_OPENCL_PROGRAMCACHE_H

#include "runtime/CacheFiles.h"
#include "runtime/opencl/Device.h"
#include "runtime/opencl/Program.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sluice::runtime::opencl {

/// The sluice cache directory (runtime/CacheFiles.h); OpenCL binaries
/// go to its `opencl/` folder.
using runtime::defaultCacheDirectory;

/// What the cache did, for tests and `--verbose` style reports.
struct ProgramCacheStats {
  /// build() calls answered from memory.
  uint64_t memoryHits = 0;
  /// Programs created from a cached binary.
  uint64_t diskHits = 0;
  /// Programs compiled from source.
  uint64_t sourceBuilds = 0;
  /// Cache files ignored as corrupt (then rewritten).
  uint64_t corruptFiles = 0;
  /// Cache files written.
  uint64_t diskWrites = 0;
};

/// The build options of a plan program on `device` (KernelAbi.h's
/// programBuildOptions with the device's forward progress and the PTX
/// instructions its OpenCL C reaches, DeviceInfo): what OpenclModel,
/// `sluice-run --bench` and `sluice-run --tune` build with.
std::string planBuildOptions(const DeviceInfo &device);

/// Programs of one context and device. Thread-safe.
class ProgramCache {
public:
  /// `cacheDirectory` empty: memory only.
  ProgramCache(cl_context context, const DeviceInfo &device,
               std::string cacheDirectory);

  /// The program built from `source` with `options` (e.g.
  /// "-cl-fast-relaxed-math -DT=4", to which the cache adds -cl-kernel-arg-info
  /// so kernels can check their arguments, and -w unless SLUICE_OPENCL_
  /// BUILD_LOG asks for the logs); `name` names it in messages. Throws
  /// Error when the build fails: the message names the program and the device
  /// and holds the build log. With SLUICE_OPENCL_BUILD_LOG set (not "0") a
  /// build from source prints its log to stderr even when it succeeds (a
  /// program from the memory or disk cache is not built, so prints nothing).
  std::shared_ptr<const Program> build(const std::string &name,
                                       const std::string &source,
                                       const std::string &options = "");

  /// The cache key of (source, options) on this device: 32 hex digits.
  std::string key(const std::string &source, const std::string &options) const;
  /// The file that holds the binary of `key`; empty without a directory.
  std::string filePath(const std::string &key) const;
  /// The folder of the binaries (cacheDirectory/opencl), or empty.
  const std::string &directory() const { return directory_; }

  ProgramCacheStats stats() const;

private:
  /// `source` only names the program's source (Program::sourceHash).
  std::shared_ptr<const Program> buildFromBinary(const std::string &name,
                                                 const std::string &binary,
                                                 const std::string &options,
                                                 const std::string &source);
  std::shared_ptr<const Program> buildFromSource(const std::string &name,
                                                 const std::string &source,
                                                 const std::string &options);
  void store(const std::string &key, const Program &program);

  cl_context context_;
  DeviceInfo device_;
  std::string directory_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Program>> programs_;
  ProgramCacheStats stats_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_PROGRAMCACHE_H
