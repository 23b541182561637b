//===- LookbackSchedule.h - Look-back scan that never waits on a worker -*- C++ -*-===//
//
// The schedule of a `Lookback` plan step, apart from its kernels. T is cut
// into blocks; each block goes through three stages:
//   aggregate(b)  any order, any worker (blocks handed out by a ticket);
//   carry(b)      strictly in block order (it needs carry(b-1) and the
//                 aggregate of b-1), run by whichever worker holds the chain;
//   apply(b)      any worker, once carry(b) is published.
// No worker ever waits on another while an aggregate is left to compute: a
// worker whose block has no carry yet takes the next ticket instead of
// spinning, and the chain is advanced by whoever finds it free (try-lock).
// So a worker the OS or the hypervisor deschedules holds up at most the
// blocks it is in the middle of, never the others' progress; with every
// worker running, a block is applied right after its aggregate, its inputs
// still in cache (one pass over memory). Pure C++17 over TBB.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_CPU_LOOKBACKSCHEDULE_H
#define SLUICE_RUNTIME_CPU_LOOKBACKSCHEDULE_H

#include <cstdint>
#include <functional>

namespace sluice::runtime {

/// The three stages of one look-back scan, each called with a block index.
/// aggregate and apply may run concurrently on different blocks; carry runs
/// on one block at a time, in increasing order, each after that block's
/// aggregate; apply(b) runs after carry(b). Each runs exactly once per block.
struct LookbackStages {
  std::function<void(int64_t)> aggregate, carry, apply;
};

/// Runs `stages` over blocks [0, blocks) on at most `workers` threads of the
/// current TBB arena (fewer when TBB has fewer free: the schedule never
/// needs a second worker to make progress).
void runLookbackSchedule(int64_t blocks, int64_t workers,
                         const LookbackStages &stages);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_LOOKBACKSCHEDULE_H
