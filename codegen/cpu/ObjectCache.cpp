//===- ObjectCache.cpp - JIT-compiled kernels kept on disk ----------------===//

#include "codegen/cpu/ObjectCache.h"
#include "runtime/CacheFiles.h"
#include "runtime/Megabytes.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <dlfcn.h>
#include <sys/stat.h>

namespace sluice::codegen::cpu {

namespace {

/// The first 8 bytes of a cached object file; the digit is the format's.
constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'O', '1'};

/// The process's counts (ObjectCacheStats).
std::atomic<uint64_t> hitCount{0}, compileCount{0}, corruptCount{0},
    writeCount{0}, evictionCount{0};
/// Stores since this process last trimmed a folder (trim at the first and
/// every kTrimEvery stores).
std::atomic<uint64_t> storesSinceTrim{0};
constexpr uint64_t kTrimEvery = 64;

/// Names the file that holds the code at `address` and that file's build:
/// its path, size and modification time (so a rebuilt sluice, application
/// or LLVM library is another key, as ccache's default compiler check).
std::string buildOf(const void *address) {
  Dl_info info;
  std::string path = "/proc/self/exe";
  if (::dladdr(address, &info) && info.dli_fname && info.dli_fname[0] == '/')
    path = info.dli_fname;
  struct stat status;
  if (::stat(path.c_str(), &status) != 0)
    return path;
  return path + ":" + std::to_string(status.st_size) + ":" +
         std::to_string(status.st_mtim.tv_sec) + "." +
         std::to_string(status.st_mtim.tv_nsec);
}

/// The builds of the code that lowers and compiles kernels: sluice's own
/// (linked into the executable or a library) and LLVM's.
const std::string &codeGeneratorBuilds() {
  static const std::string builds =
      buildOf(reinterpret_cast<const void *>(&codeGeneratorBuilds)) + ";" +
      buildOf(reinterpret_cast<const void *>(&llvm::xxh3_128bits));
  return builds;
}

} // namespace

ObjectCache::ObjectCache(std::string directory, uint64_t capacityBytes)
    : directory_(std::move(directory)), capacityBytes_(capacityBytes) {}

ObjectCache ObjectCache::fromEnvironment() {
  const char *flag = std::getenv("SLUICE_JIT_CACHE");
  if (flag && std::string(flag) == "0")
    return ObjectCache("");
  std::string root = runtime::defaultCacheDirectory();
  return ObjectCache(root.empty() ? "" : root + "/cpu",
                     runtime::megabytesVariable("SLUICE_JIT_CACHE_MB",
                                                kDefaultObjectCacheBytes));
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
      .add(std::to_string(static_cast<int>(targetMachine.getRelocationModel())))
      .add(std::to_string(static_cast<int>(targetMachine.getCodeModel())))
      .add(std::to_string(static_cast<int>(targetMachine.getOptLevel())))
      .add(codeGeneratorBuilds())
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
    // Used now: the last file trim() would remove.
    std::error_code error;
    std::filesystem::last_write_time(
        filePath(key), std::filesystem::file_time_type::clock::now(), error);
    return true;
  }
  if (corrupt)
    ++corruptCount;
  return false;
}

void ObjectCache::store(const std::string &key,
                        const std::string &object) const {
  if (!enabled())
    return;
  // The folder holds code this process will run: readable and writable by
  // its owner only, where this creates it.
  std::error_code error;
  if (!std::filesystem::exists(directory_, error) &&
      std::filesystem::create_directories(directory_, error))
    std::filesystem::permissions(directory_, std::filesystem::perms::owner_all,
                                 error);
  if (runtime::writeCacheFile(filePath(key), kMagic, object))
    ++writeCount;
  if (storesSinceTrim++ % kTrimEvery == 0)
    trim();
}

uint64_t ObjectCache::trim() const {
  namespace fs = std::filesystem;
  struct Entry {
    fs::file_time_type used;
    uint64_t bytes;
    fs::path path;
  };
  std::vector<Entry> objects;
  uint64_t total = 0, removed = 0;
  std::error_code error;
  auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(directory_, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code statError;
    fs::file_time_type used = it->last_write_time(statError);
    uint64_t bytes = it->file_size(statError);
    if (statError || !it->is_regular_file(statError))
      continue;
    std::string name = it->path().filename().string();
    if (name.find(".tmp.") != std::string::npos) {
      if (now - used > std::chrono::hours(1) &&
          fs::remove(it->path(), statError))
        removed += bytes;
      continue;
    }
    if (it->path().extension() != ".o")
      continue;
    objects.push_back({used, bytes, it->path()});
    total += bytes;
  }
  if (total <= capacityBytes_)
    return removed;
  std::sort(objects.begin(), objects.end(),
            [](const Entry &a, const Entry &b) { return a.used < b.used; });
  uint64_t goal = capacityBytes_ / 4 * 3;
  for (const Entry &entry : objects) {
    if (total <= goal)
      break;
    std::error_code removeError;
    if (fs::remove(entry.path, removeError)) {
      total -= entry.bytes;
      removed += entry.bytes;
      ++evictionCount;
    }
  }
  return removed;
}

void ObjectCache::countCompile() { ++compileCount; }

void ObjectCache::countCorrupt() { ++corruptCount; }

ObjectCacheStats ObjectCache::stats() {
  return {hitCount.load(), compileCount.load(), corruptCount.load(),
          writeCount.load(), evictionCount.load()};
}

} // namespace sluice::codegen::cpu
