//===- LookbackWords.h - The word buffers of the flag-word one pass -*- C++ -*-===//
//
// The flag-word one-pass kernels (KernelAbi.h, AGG_onepass_words) publish
// each block's aggregate and carry-out as 64-bit words tagged with the
// run's epoch. A Context keeps one pair of word buffers for all of them,
// from run to run: zeroed when allocated (a zero tag matches no epoch),
// never zeroed per run (a fill of 24 bytes an item would cost ~5% of the
// kernel), and a new epoch for every run, so words an earlier run left
// never look published. Runs on the Context's in-order queue use them one
// after another. Pure C++17 over the OpenCL C API.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_LOOKBACKWORDS_H
#define SLUICE_RUNTIME_OPENCL_LOOKBACKWORDS_H

#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/Cl.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace sluice::runtime::opencl {

/// The epoch after which the word buffers are replaced by new, zeroed ones
/// and the epochs start again at 1 (tags 2 * epoch and 2 * epoch + 1 stay
/// below 2^32).
constexpr int32_t kMaxWordsEpoch = int32_t(1) << 30;

/// A Context's word buffers (see the file comment). Thread-safe.
class LookbackWords {
public:
  /// What one run of a flag-word kernel passes. The caller keeps it until
  /// the run is done: the buffers stay out of the pool meanwhile, even if
  /// another thread's larger run replaces them.
  struct Run {
    std::shared_ptr<const Buffer> aggregateWords, carryWords;
    int32_t epoch = 0;
  };

  /// Words whose epochs start again at 1 after `maxEpoch` (a test's small
  /// number; kMaxWordsEpoch otherwise).
  explicit LookbackWords(int32_t maxEpoch = kMaxWordsEpoch)
      : maxEpoch(maxEpoch) {}

  /// The buffers for a run needing `aggregateBytes` and `carryBytes`
  /// (new ones, zeroed on `queue` before its later commands, when the kept
  /// ones are smaller or the last epoch is past) and the run's epoch: one
  /// above the last run's, or 1 with new buffers.
  /// `what` names the kernel in an allocation error.
  Run next(BufferPool &pool, cl_command_queue queue, size_t aggregateBytes,
           size_t carryBytes, const std::string &what);

private:
  std::mutex mutex;
  std::shared_ptr<const Buffer> aggregates, carries;
  int32_t epoch = 0;
  const int32_t maxEpoch;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKWORDS_H
