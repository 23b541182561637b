//===- LookbackSchedule.cpp - Look-back scan that never waits on a worker -===//

#include "runtime/cpu/LookbackSchedule.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace sluice::runtime {

namespace {

/// A block's progress; it only moves forward.
enum BlockState : uint8_t {
  kTaken = 0,      ///< its aggregate is being computed (or not yet)
  kAggregated = 1, ///< aggregate published
  kCarried = 2,    ///< carry published
  kApplying = 3,   ///< a worker has claimed its apply
};

/// Waiting with nothing else to do (only near the end of a scan): a short
/// spin, then yielding the core, then sleeping, so a worker never burns a
/// core that the worker it waits for could run on.
class Backoff {
public:
  void reset() { rounds = 0; }
  void pause() {
    if (rounds < kSpins) {
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
    } else if (rounds < kSpins + kYields) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    ++rounds;
  }

private:
  static constexpr int kSpins = 64, kYields = 256;
  int rounds = 0;
};

/// The state shared by the workers of one scan.
class Schedule {
public:
  Schedule(int64_t blocks, const LookbackStages &stages)
      : blocks(blocks), stages(stages), state(new std::atomic<uint8_t>[blocks]) {
    for (int64_t b = 0; b < blocks; ++b)
      state[b].store(kTaken, std::memory_order_relaxed);
  }

  /// One worker: until every block is claimed for its apply.
  void work() {
    std::vector<int64_t> mine; // blocks this worker aggregated, in order
    size_t head = 0;           // first of `mine` not yet applied or stolen
    int64_t helpCursor = 0;    // blocks below it need no help
    Backoff backoff;
    for (;;) {
      advanceChain();
      // The blocks this worker aggregated first: their inputs are in its cache.
      bool applied = false;
      while (head < mine.size()) {
        uint8_t s = state[mine[head]].load(std::memory_order_acquire);
        if (s < kCarried)
          break;
        if (s == kCarried && claim(mine[head])) {
          stages.apply(mine[head]);
          applied = true;
        }
        ++head;
      }
      if (applied) {
        backoff.reset();
        continue;
      }
      // No carry to wait for while an aggregate is left to compute.
      if (ticket.load(std::memory_order_relaxed) < blocks) {
        int64_t b = ticket.fetch_add(1, std::memory_order_relaxed);
        if (b < blocks) {
          stages.aggregate(b);
          state[b].store(kAggregated, std::memory_order_release);
          mine.push_back(b);
          backoff.reset();
          continue;
        }
      }
      // Every aggregate is taken: apply the carried blocks of workers that
      // are not running (descheduled ones, whose blocks would wait for them).
      if (helpApply(helpCursor)) {
        backoff.reset();
        continue;
      }
      if (claimed.load(std::memory_order_acquire) == blocks)
        return;
      backoff.pause();
    }
  }

private:
  /// Carries every block whose aggregate is published, in order, unless
  /// another worker is doing it (then that worker sees the same blocks).
  void advanceChain() {
    for (;;) {
      if (chainHeld.exchange(true, std::memory_order_acquire))
        return;
      int64_t b = chainNext.load(std::memory_order_relaxed);
      while (b < blocks &&
             state[b].load(std::memory_order_acquire) == kAggregated) {
        stages.carry(b);
        state[b].store(kCarried, std::memory_order_release);
        ++b;
      }
      chainNext.store(b, std::memory_order_release);
      chainHeld.store(false, std::memory_order_release);
      // An aggregate published after the loop looked: take it now (a
      // waiting worker would also come back for it).
      if (b >= blocks ||
          state[b].load(std::memory_order_acquire) != kAggregated)
        return;
    }
  }

  /// Claims block `b`'s apply; false when another worker has.
  bool claim(int64_t b) {
    uint8_t expected = kCarried;
    if (!state[b].compare_exchange_strong(expected, kApplying,
                                          std::memory_order_acq_rel))
      return false;
    claimed.fetch_add(1, std::memory_order_acq_rel);
    return true;
  }

  /// Applies one carried, unclaimed block at or after `cursor`.
  bool helpApply(int64_t &cursor) {
    int64_t carried = chainNext.load(std::memory_order_acquire);
    for (; cursor < carried; ++cursor)
      if (state[cursor].load(std::memory_order_relaxed) == kCarried &&
          claim(cursor)) {
        stages.apply(cursor++);
        return true;
      }
    return false;
  }

  const int64_t blocks;
  const LookbackStages &stages;
  std::unique_ptr<std::atomic<uint8_t>[]> state;
  std::atomic<int64_t> ticket{0};    ///< next block to aggregate
  std::atomic<int64_t> chainNext{0}; ///< first block without a carry
  std::atomic<bool> chainHeld{false};
  std::atomic<int64_t> claimed{0}; ///< blocks whose apply is claimed
};

} // namespace

void runLookbackSchedule(int64_t blocks, int64_t workers,
                         const LookbackStages &stages) {
  if (blocks <= 0)
    return;
  Schedule schedule(blocks, stages);
  workers = std::max<int64_t>(1, std::min(workers, blocks));
  if (workers == 1) {
    schedule.work();
    return;
  }
  // One task per worker; a task TBB starts late finds less (or no) work.
  tbb::parallel_for(
      tbb::blocked_range<int64_t>(0, workers, 1),
      [&](const tbb::blocked_range<int64_t> &r) {
        for (int64_t w = r.begin(); w < r.end(); ++w)
          schedule.work();
      },
      tbb::simple_partitioner());
}

} // namespace sluice::runtime
