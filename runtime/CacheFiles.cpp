//===- CacheFiles.cpp - Where sluice keeps its caches, and how ------------===//

#include "runtime/CacheFiles.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace sluice::runtime {

namespace {

namespace fs = std::filesystem;

/// Magic, payload size, payload checksum.
constexpr size_t kHeaderBytes = 8 + 8 + 8;

void putU64(std::string &out, uint64_t value) {
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t getU64(const std::string &in, size_t at) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i)
    value |= static_cast<uint64_t>(static_cast<unsigned char>(in[at + i]))
             << (8 * i);
  return value;
}

} // namespace

std::string defaultCacheDirectory() {
  auto variable = [](const char *name) -> std::string {
    const char *value = std::getenv(name);
    return value ? value : "";
  };
  if (std::string dir = variable("SLUICE_CACHE_DIR"); !dir.empty())
    return dir;
  if (std::string dir = variable("XDG_CACHE_HOME"); !dir.empty())
    return dir + "/sluice";
  if (std::string dir = variable("HOME"); !dir.empty())
    return dir + "/.cache/sluice";
  return "";
}

uint64_t fnv1a(const std::string &data, uint64_t seed) {
  uint64_t hash = seed;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string hex64(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(value));
  return text;
}

CacheKey &CacheKey::add(const std::string &part) {
  text += std::to_string(part.size());
  text += ':';
  text += part;
  return *this;
}

std::string CacheKey::key() const {
  return hex64(fnv1a(text, 0xcbf29ce484222325ull)) +
         hex64(fnv1a(text, 0x84222325cbf29ce4ull));
}

bool readCacheFile(const std::string &path, const char (&magic)[8],
                   std::string &payload, bool &corrupt) {
  corrupt = false;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string file = buffer.str();
  corrupt = true;
  if (file.size() < kHeaderBytes ||
      std::memcmp(file.data(), magic, sizeof magic) != 0)
    return false;
  uint64_t size = getU64(file, 8);
  if (size == 0 || size != file.size() - kHeaderBytes)
    return false;
  std::string body = file.substr(kHeaderBytes);
  if (fnv1a(body) != getU64(file, 16))
    return false;
  payload = std::move(body);
  corrupt = false;
  return true;
}

bool writeCacheFile(const std::string &path, const char (&magic)[8],
                    const std::string &payload) {
  static std::atomic<unsigned> counter{0};
  std::error_code error;
  fs::create_directories(fs::path(path).parent_path(), error);
  if (error)
    return false;
  std::string temporary = path + ".tmp." + std::to_string(::getpid()) + "." +
                          std::to_string(counter++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      return false;
    std::string header(magic, sizeof magic);
    putU64(header, payload.size());
    putU64(header, fnv1a(payload));
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temporary, error);
      return false;
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    return false;
  }
  return true;
}

} // namespace sluice::runtime
