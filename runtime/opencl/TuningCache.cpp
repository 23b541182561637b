//===- TuningCache.cpp - Tuned look-back schedules, on disk ---------------===//

#include "runtime/opencl/TuningCache.h"

#include "runtime/Json.h"
#include "runtime/TextFiles.h"
#include "runtime/WarnOnce.h"
#include "runtime/opencl/Device.h"
#include "runtime/opencl/ProgramCache.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace sluice::runtime::opencl {

namespace {

namespace fs = std::filesystem;

constexpr const char *kFormat = "sluice-tuning";

/// Warns about an unreadable cache file once per file and process.
void warnIgnoredCache(const std::string &path, const std::string &why) {
  warnOnce("tuning cache " + path,
           "ignoring the tuning cache '" + path + "': " + why);
}

/// The entries of a file.
struct ParsedEntries {
  std::map<TuningKey, TuningEntry> lookbacks;
  std::map<TuningKey, GemmTuningEntry> gemms;
};

/// The optional "gemm" array of `root`.
std::map<TuningKey, GemmTuningEntry> parseGemmEntries(const json::Value &root) {
  std::map<TuningKey, GemmTuningEntry> entries;
  if (!root.has("gemm"))
    return entries;
  for (const json::Value &e : root.at("gemm").asArray()) {
    TuningKey key{e.at("device").asString(), e.at("kernel").asString(),
                  e.at("size_class").asString()};
    GemmTuningEntry entry;
    for (const json::Value &pair : e.at("parameters").asArray()) {
      const std::vector<json::Value> &nameValue = pair.asArray();
      if (nameValue.size() != 2)
        throw Error("'" + pair.path() + "' is not a [name, value] pair");
      int64_t value = nameValue[1].asInt();
      if (value < 0 || value > (1 << 20))
        throw Error("'" + nameValue[1].path() + "' is out of range");
      entry.parameters.emplace_back(nameValue[0].asString(), value);
    }
    entry.microseconds = e.at("microseconds").asInt();
    entries[key] = entry;
  }
  return entries;
}

/// The entries of the file's text; throws json::JsonError or Error.
ParsedEntries parseEntries(const std::string &text) {
  json::Value root = json::parse(text);
  if (root.at("format").asString() != kFormat)
    throw Error("format '" + root.at("format").asString() + "', expected '" +
                kFormat + "'");
  int64_t version = root.at("version").asInt();
  if (version != kTuningCacheVersion)
    throw Error("format version " + std::to_string(version) +
                "; this runtime reads version " +
                std::to_string(kTuningCacheVersion));
  std::map<TuningKey, TuningEntry> entries;
  for (const json::Value &e : root.at("entries").asArray()) {
    TuningKey key{e.at("device").asString(), e.at("kernel").asString(),
                  e.at("size_class").asString()};
    TuningEntry entry;
    entry.schedule.chunk = e.at("chunk").asInt();
    entry.schedule.workGroup = e.at("work_group").asInt();
    if (!parseLookbackMode(e.at("mode").asString(), entry.schedule.mode))
      throw Error("'" + e.at("mode").path() + "' is not a look-back mode: '" +
                  e.at("mode").asString() + "'");
    entry.microseconds = e.at("microseconds").asInt();
    if (entry.schedule.chunk < 0 || entry.schedule.chunk > (1 << 30) ||
        entry.schedule.workGroup < 0 || entry.schedule.workGroup > (1 << 20))
      throw Error("'" + e.path() + "' has a chunk or work-group out of range");
    entries[key] = entry;
  }
  return {entries, parseGemmEntries(root)};
}

/// `entry` as the file's JSON object.
std::string gemmEntryText(const TuningKey &key, const GemmTuningEntry &entry) {
  std::string parameters;
  for (const auto &[name, value] : entry.parameters)
    parameters += (parameters.empty() ? "[" : ", [") + json::quote(name) +
                  ", " + std::to_string(value) + "]";
  return "{\"device\": " + json::quote(key.device) +
         ", \"kernel\": " + json::quote(key.kernel) +
         ", \"size_class\": " + json::quote(key.sizeClass) +
         ", \"parameters\": [" + parameters +
         "], \"microseconds\": " + std::to_string(entry.microseconds) + "}";
}

} // namespace

int floorLog2(int64_t value) {
  int bits = 0;
  while (value >= 2) {
    value /= 2;
    ++bits;
  }
  return bits;
}

std::string tuningDeviceKey(const DeviceInfo &device) {
  return device.deviceName + "|" + device.vendor + "|" + device.driverVersion;
}

std::string tuningKernelKey(const std::string &kernel,
                            const std::string &sourceHash) {
  return kernel + "@" + sourceHash;
}

std::string tuningSizeClass(int64_t channels, int64_t steps,
                            int64_t stepStride) {
  std::string sizes = "c" + std::to_string(floorLog2(channels)) + ".t" +
                      std::to_string(floorLog2(steps));
  if (channels > 1 && stepStride > 0)
    sizes += ".s" + std::to_string(floorLog2(stepStride));
  return sizes;
}

TuningCache::TuningCache(std::string path) : path_(std::move(path)) {
  reload();
}

void TuningCache::reload() {
  ParsedEntries loaded;
  if (!path_.empty()) {
    std::string text;
    std::string error = readTextFile(path_, text);
    if (error.rfind("cannot read", 0) == 0) {
      // (No cache yet: nothing to load.)
    } else if (!error.empty()) {
      warnIgnoredCache(path_, error);
    } else {
      try {
        loaded = parseEntries(text);
      } catch (const std::exception &e) {
        warnIgnoredCache(path_, e.what());
        loaded = ParsedEntries();
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  entries_ = std::move(loaded.lookbacks);
  gemmEntries_ = std::move(loaded.gemms);
}

std::string TuningCache::defaultPath() {
  if (const char *path = std::getenv("SLUICE_TUNING_CACHE"); path && *path)
    return path;
  std::string dir = defaultCacheDirectory();
  return dir.empty() ? "" : dir + "/tuning.json";
}

TuningCache &TuningCache::forProcess() {
  static TuningCache cache(defaultPath());
  return cache;
}

std::optional<TuningEntry> TuningCache::find(const TuningKey &key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(key);
  if (found == entries_.end())
    return std::nullopt;
  return found->second;
}

void TuningCache::put(const TuningKey &key, const TuningEntry &entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_[key] = entry;
}

void TuningCache::erase(const TuningKey &key) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(key);
}

std::optional<GemmTuningEntry>
TuningCache::findGemm(const TuningKey &key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = gemmEntries_.find(key);
  if (found == gemmEntries_.end())
    return std::nullopt;
  return found->second;
}

void TuningCache::putGemm(const TuningKey &key, const GemmTuningEntry &entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  gemmEntries_[key] = entry;
}

size_t TuningCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size() + gemmEntries_.size();
}

void TuningCache::save() const {
  if (path_.empty())
    throw Error("no tuning cache file: set SLUICE_TUNING_CACHE (or "
                "SLUICE_CACHE_DIR, XDG_CACHE_HOME or HOME)");
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    text = "{\"format\": " + json::quote(kFormat) +
           ", \"version\": " + std::to_string(kTuningCacheVersion) +
           ", \"entries\": [";
    bool first = true;
    for (const auto &[key, entry] : entries_) {
      text += first ? "\n  " : ",\n  ";
      first = false;
      text += "{\"device\": " + json::quote(key.device) +
              ", \"kernel\": " + json::quote(key.kernel) +
              ", \"size_class\": " + json::quote(key.sizeClass) +
              ", \"chunk\": " + std::to_string(entry.schedule.chunk) +
              ", \"work_group\": " + std::to_string(entry.schedule.workGroup) +
              ", \"mode\": " +
              json::quote(lookbackModeName(entry.schedule.mode)) +
              ", \"microseconds\": " + std::to_string(entry.microseconds) +
              "}";
    }
    text += "\n]";
    if (!gemmEntries_.empty()) {
      text += ", \"gemm\": [";
      first = true;
      for (const auto &[key, entry] : gemmEntries_) {
        text += first ? "\n  " : ",\n  ";
        first = false;
        text += gemmEntryText(key, entry);
      }
      text += "\n]";
    }
    text += "}\n";
  }
  std::error_code error;
  fs::path target(path_);
  if (target.has_parent_path())
    fs::create_directories(target.parent_path(), error);
  static std::atomic<unsigned> counter{0};
  std::string temporary = path_ + ".tmp." + std::to_string(::getpid()) + "." +
                          std::to_string(counter++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      fs::remove(temporary, error);
      throw Error("cannot write the tuning cache '" + path_ + "' (through '" +
                  temporary + "')");
    }
  }
  fs::rename(temporary, target, error);
  if (error) {
    // (The rename's reason, before the removal overwrites `error`.)
    std::string reason = error.message();
    fs::remove(temporary, error);
    throw Error("cannot write the tuning cache '" + path_ + "': " + reason);
  }
}

} // namespace sluice::runtime::opencl
