//===- Threads.h - Bounding the threads a call uses --------------*- C++ -*-===//
//
// SLUICE_NUM_THREADS and the API's CompileOptions::threads bound the threads
// sluice's kernels run on: the call runs inside a TBB task arena of that
// size, so tbb::this_task_arena::max_concurrency() (which the executor and
// the scan-strategy guard read) is the limit. Pure C++17 over TBB.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_THREADS_H
#define SLUICE_RUNTIME_THREADS_H

#include <functional>
#include <memory>
#include <string>

namespace sluice::runtime {

/// The most threads a limit may ask for.
constexpr int kMaxThreads = 4096;

/// The value of the environment variable SLUICE_NUM_THREADS: 0 when it is
/// unset or empty. Throws Error for anything but an integer in
/// [1, kMaxThreads].
int threadsFromEnvironment();

/// Runs work on at most `threads` threads: inside its own TBB task arena
/// of that size, shared by concurrent calls. 0 runs in the caller's arena.
class ThreadLimit {
public:
  /// Throws Error for a negative count or one over kMaxThreads.
  explicit ThreadLimit(int threads);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit &) = delete;
  ThreadLimit &operator=(const ThreadLimit &) = delete;

  /// The limit; 0 for none.
  int threads() const { return limit; }
  /// Runs `work` within the limit (exceptions propagate to the caller).
  void run(const std::function<void()> &work) const;

private:
  struct Arena; ///< the tbb::task_arena (TBB headers stay out of here)
  int limit = 0;
  std::unique_ptr<Arena> arena;
};

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_THREADS_H
