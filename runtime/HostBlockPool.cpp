//===- HostBlockPool.cpp - Large host blocks kept for reuse ---------------===//

#include "runtime/HostBlockPool.h"
#include "runtime/Megabytes.h"

#include <cstdlib>
#include <list>
#include <mutex>
#include <string>

namespace sluice::runtime {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

/// A free block.
struct Block {
  void *memory;
  size_t bytes, alignment;
};

/// The free blocks, the one released last at the front.
class Pool {
public:
  Pool() {
    size_t bytes = static_cast<size_t>(
        megabytesVariable("SLUICE_HOST_POOL_MB", kPooledBytesDefault));
    capacity = kSanitized ? 0 : bytes;
  }

  /// A free block of exactly this size and alignment, or null.
  void *take(size_t bytes, size_t alignment) {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = blocks.begin(); it != blocks.end(); ++it) {
      if (it->bytes == bytes && it->alignment == alignment) {
        void *memory = it->memory;
        held -= bytes;
        blocks.erase(it);
        return memory;
      }
    }
    return nullptr;
  }

  /// Keeps `memory` for reuse, freeing the blocks released longest ago
  /// while the pool is over its cap (or `memory` itself when it never
  /// fits).
  void give(void *memory, size_t bytes, size_t alignment) {
    std::list<Block> evicted;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (bytes > capacity) {
        evicted.push_back({memory, bytes, alignment});
      } else {
        blocks.push_front({memory, bytes, alignment});
        held += bytes;
        evictOver(capacity, evicted); // never the block just given
      }
    }
    freeAll(evicted);
  }

  /// Frees blocks, those released longest ago first, until the pool
  /// holds at most `limit` bytes.
  void trim(size_t limit) {
    std::list<Block> evicted;
    {
      std::lock_guard<std::mutex> lock(mutex);
      evictOver(limit, evicted);
    }
    freeAll(evicted);
  }

  void setCapacity(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      capacity = kSanitized ? 0 : bytes;
    }
    trim(capacity);
  }

  size_t currentCapacity() {
    std::lock_guard<std::mutex> lock(mutex);
    return capacity;
  }

  size_t bytesHeld() {
    std::lock_guard<std::mutex> lock(mutex);
    return held;
  }

private:
  /// Moves the blocks released longest ago into `evicted` until the pool
  /// holds at most `limit` bytes. The caller holds the mutex.
  void evictOver(size_t limit, std::list<Block> &evicted) {
    while (held > limit) {
      held -= blocks.back().bytes;
      evicted.splice(evicted.end(), blocks, std::prev(blocks.end()));
    }
  }

  /// Frees `evicted`'s blocks (outside the lock).
  static void freeAll(std::list<Block> &evicted) {
    for (Block &b : evicted)
      std::free(b.memory);
  }

  std::mutex mutex;
  std::list<Block> blocks;
  size_t held = 0, capacity = 0;
};

/// The process's pool: never destroyed, so a tensor that outlives static
/// destruction still returns its block safely.
Pool &pool() {
  static Pool *instance = new Pool();
  return *instance;
}

} // namespace

std::shared_ptr<std::byte[]> allocateHostBlock(size_t bytes, size_t alignment) {
  bool pooled = bytes >= kPooledBlockMin;
  void *memory = pooled ? pool().take(bytes, alignment) : nullptr;
  if (!memory)
    memory = std::aligned_alloc(alignment, bytes);
  if (!memory)
    return nullptr;
  auto *start = static_cast<std::byte *>(memory);
  if (!pooled)
    return std::shared_ptr<std::byte[]>(start, [](std::byte *p) { std::free(p); });
  return std::shared_ptr<std::byte[]>(start, [bytes, alignment](std::byte *p) {
    pool().give(p, bytes, alignment);
  });
}

void releasePooledHostBlocks() { pool().trim(0); }

void setHostPoolCapacity(size_t bytes) { pool().setCapacity(bytes); }

size_t hostPoolCapacity() { return pool().currentCapacity(); }

size_t pooledHostBytes() { return pool().bytesHeld(); }

} // namespace sluice::runtime
