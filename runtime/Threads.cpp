//===- Threads.cpp - Bounding the threads a call uses ---------------------===//

#include "runtime/Threads.h"

#include "runtime/Error.h"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace sluice::runtime {

struct ThreadLimit::Arena {
  explicit Arena(int threads)
      // (Above the hardware's threads, TBB's default limit would leave the
      // arena short of workers and print a warning: raised while it lives.)
      : raised(threads > tbb::info::default_concurrency()
                   ? std::make_unique<tbb::global_control>(
                         tbb::global_control::max_allowed_parallelism,
                         static_cast<size_t>(threads))
                   : nullptr),
        arena(threads) {}
  std::unique_ptr<tbb::global_control> raised;
  tbb::task_arena arena;
};

int threadsFromEnvironment() {
  const char *value = std::getenv("SLUICE_NUM_THREADS");
  if (!value || !*value)
    return 0;
  std::string text(value);
  bool digits = text.size() <= 9 &&
                std::all_of(text.begin(), text.end(), [](char c) {
                  return std::isdigit(static_cast<unsigned char>(c));
                });
  int threads = digits ? std::atoi(value) : 0;
  if (threads < 1 || threads > kMaxThreads)
    throw Error("SLUICE_NUM_THREADS must be an integer from 1 to " +
                std::to_string(kMaxThreads) + ", got '" + text + "'");
  return threads;
}

ThreadLimit::ThreadLimit(int threads) : limit(threads) {
  if (threads < 0 || threads > kMaxThreads)
    throw Error("the thread count must be from 0 (no limit) to " +
                std::to_string(kMaxThreads) + ", got " +
                std::to_string(threads));
  if (threads > 0)
    arena = std::make_unique<Arena>(threads);
}

ThreadLimit::~ThreadLimit() = default;

void ThreadLimit::run(const std::function<void()> &work) const {
  if (!arena) {
    work();
    return;
  }
  arena->arena.execute(work);
}

} // namespace sluice::runtime
