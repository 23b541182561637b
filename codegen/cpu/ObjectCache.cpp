//===- ObjectCache.cpp - JIT-compiled kernels kept on disk ----------------===//

#include "codegen/cpu/ObjectCache.h"
#include "runtime/CacheFiles.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Target/TargetMachine.h"

#include <atomic>
#include <cstdlib>

namespace sluice::codegen::cpu {

namespace {

/// The first 8 bytes of a cached object file; the digit is the format's.
constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'O', '1'};

std::atomic<uint64_t> hitCount{0}, compileCount{0}, corruptCount{0},
    writeCount{0};

} // namespace

ObjectCache::ObjectCache(std::string directory)
    : directory_(std::move(directory)) {}

ObjectCache ObjectCache::fromEnvironment() {
  const char *flag = std::getenv("SLUICE_JIT_CACHE");
  if (flag && std::string(flag) == "0")
    return ObjectCache("");
  std::string root = runtime::defaultCacheDirectory();
  return ObjectCache(root.empty() ? "" : root + "/cpu");
}

std::string ObjectCache::key(const std::string &kernels,
                             const llvm::TargetMachine &targetMachine,
                             const std::string &vectorMath) {
  llvm::XXH128_hash_t digest = llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(kernels.data()), kernels.size()));
  return runtime::CacheKey()
      .add(kObjectCacheFormat)
      .add(LLVM_VERSION_STRING)
      .add(targetMachine.getTargetTriple().str())
      .add(targetMachine.getTargetCPU().str())
      .add(targetMachine.getTargetFeatureString().str())
      .add(vectorMath)
      .add(std::to_string(kernels.size()))
      .add(runtime::hex64(digest.high64) + runtime::hex64(digest.low64))
      .key();
}

std::string ObjectCache::filePath(const std::string &key) const {
  return directory_.empty() ? "" : directory_ + "/" + key + ".o";
}

bool ObjectCache::load(const std::string &key, std::string &object) const {
  if (!enabled())
    return false;
  bool corrupt = false;
  if (runtime::readCacheFile(filePath(key), kMagic, object, corrupt)) {
    ++hitCount;
    return true;
  }
  if (corrupt)
    ++corruptCount;
  return false;
}

void ObjectCache::store(const std::string &key,
                        const std::string &object) const {
  if (enabled() && runtime::writeCacheFile(filePath(key), kMagic, object))
    ++writeCount;
}

void ObjectCache::countCompile() { ++compileCount; }

void ObjectCache::countCorrupt() { ++corruptCount; }

ObjectCacheStats ObjectCache::stats() {
  return {hitCount.load(), compileCount.load(), corruptCount.load(),
          writeCount.load()};
}

} // namespace sluice::codegen::cpu
