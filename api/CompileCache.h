//===- CompileCache.h - The process-wide cache of compiled models -*- C++ -*-===//
//
// A least-recently-used map from a key (model text and options) to a
// compiled value, bounded by a count. A key that several threads ask for at
// once is compiled by the first; the others wait for its result (or its
// error, which is not cached). Evicted values that handles still use move
// stay on an `owned` list and are freed at a later cache operation once no
// handle holds them: a value is never destroyed by a handle's destructor, so no JIT
// engine is torn down during static destruction at exit (the cache itself is
// never destroyed).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_API_COMPILECACHE_H
#define SLUICE_API_COMPILECACHE_H

#include "sluice/sluice.h"

#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice::api {

/// The cache; `Value` is what compiling produces.
template <typename Value> class CompileCache {
public:
  using ValuePtr = std::shared_ptr<Value>;

  /// The cached value for `key`, or the one `compile` makes (once, however
  /// many threads ask at the same time). Errors of `compile` propagate to
  /// every waiting caller and are not cached.
  ValuePtr get(const std::string &key, const std::function<ValuePtr()> &compile) {
    std::vector<ValuePtr> dead;
    std::unique_lock<std::mutex> lock(mutex);
    sweep(dead);
    if (auto it = entries.find(key); it != entries.end()) {
      lru.splice(lru.begin(), lru, it->second.position);
      ++counters.hits;
      return it->second.value;
    }
    if (auto it = inFlight.find(key); it != inFlight.end()) {
      std::shared_future<ValuePtr> pending = it->second;
      ++counters.hits;
      lock.unlock();
      return pending.get(); // rethrows the compiler's error
    }
    std::promise<ValuePtr> promise;
    inFlight.emplace(key, promise.get_future().share());
    ++counters.compiles;
    lock.unlock();
    ValuePtr value;
    try {
      value = compile();
    } catch (...) {
      lock.lock();
      inFlight.erase(key);
      promise.set_exception(std::current_exception());
      throw;
    }
    lock.lock();
    inFlight.erase(key);
    owned.push_back(value); // freed by a sweep once nothing uses it
    if (capacity > 0) {
      lru.push_front(key);
      entries[key] = {value, lru.begin()};
      evictOverCapacity();
    }
    promise.set_value(value);
    return value;
  }

  /// Keeps at most `entries` values, evicting the least recently used now.
  void setCapacity(size_t count) {
    std::vector<ValuePtr> dead;
    std::lock_guard<std::mutex> lock(mutex);
    capacity = count;
    evictOverCapacity();
    sweep(dead);
  }

  /// Evicts every value.
  void clear() {
    std::vector<ValuePtr> dead;
    std::lock_guard<std::mutex> lock(mutex);
    size_t keep = capacity;
    capacity = 0;
    evictOverCapacity();
    capacity = keep;
    sweep(dead);
  }

  /// The counters, after freeing the values no one uses.
  CompileCacheStats stats() {
    std::vector<ValuePtr> dead;
    std::lock_guard<std::mutex> lock(mutex);
    sweep(dead);
    CompileCacheStats s = counters;
    s.entries = entries.size();
    s.capacity = capacity;
    s.alive = owned.size();
    return s;
  }

private:
  struct Entry {
    ValuePtr value;
    std::list<std::string>::iterator position;
  };

  void evictOverCapacity() {
    while (entries.size() > capacity) {
      entries.erase(lru.back());
      lru.pop_back();
      ++counters.evictions;
    }
  }

  /// Moves the values that neither the map nor a handle holds (their only
  /// owner is `owned`) to `dead`, which the caller destroys after releasing
  /// the lock.
  void sweep(std::vector<ValuePtr> &dead) {
    for (size_t i = 0; i < owned.size();) {
      if (owned[i].use_count() == 1) {
        dead.push_back(std::move(owned[i]));
        owned[i] = std::move(owned.back());
        owned.pop_back();
        continue;
      }
      ++i;
    }
  }

  std::mutex mutex;
  std::unordered_map<std::string, Entry> entries;
  std::list<std::string> lru; ///< most recently used first
  std::map<std::string, std::shared_future<ValuePtr>> inFlight;
  /// Every value compiled and not yet freed (cached, or used by handles).
  std::vector<ValuePtr> owned;
  size_t capacity = 64;
  CompileCacheStats counters;
};

} // namespace sluice::api

#endif // SLUICE_API_COMPILECACHE_H
