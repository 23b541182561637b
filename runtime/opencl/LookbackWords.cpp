//===- LookbackWords.cpp - The word buffers of the flag-word one pass -----===//

#include "runtime/opencl/LookbackWords.h"

#include "runtime/opencl/OpenclError.h"

namespace sluice::runtime::opencl {

namespace {
/// Queues a fill of `buffer`'s first `bytes` bytes with zeros.
void zeroWords(cl_command_queue queue, const Buffer &buffer, size_t bytes,
               const std::string &what) {
  cl_int zero = 0;
  check(clEnqueueFillBuffer(queue, buffer.handle(), &zero, sizeof(zero), 0,
                            bytes, 0, nullptr, nullptr),
        "clEnqueueFillBuffer", "the look-back words of " + what);
}
} // namespace

LookbackWords::Run LookbackWords::next(BufferPool &pool,
                                       cl_command_queue queue,
                                       size_t aggregateBytes,
                                       size_t carryBytes,
                                       const std::string &what) {
  std::lock_guard<std::mutex> lock(mutex);
  // Past the last epoch: new buffers (zeroed below), not the kept ones
  // zeroed in place, which a run of another thread that took its epoch
  // before may still be about to use.
  if (epoch >= maxEpoch) {
    aggregates.reset();
    carries.reset();
  }
  bool fresh = false;
  /// `kept`, or a new buffer of `bytes` when it is smaller (the old one
  /// goes back to the pool when the last run holding it is done).
  auto atLeast = [&](std::shared_ptr<const Buffer> &kept, size_t bytes) {
    if (kept && kept->bytes() >= bytes)
      return;
    kept.reset();
    kept = std::make_shared<const Buffer>(
        pool.allocate(bytes, "the look-back words of " + what));
    fresh = true;
  };
  atLeast(aggregates, aggregateBytes);
  atLeast(carries, carryBytes);
  if (fresh) {
    // Both, so that every word left from earlier epochs is gone.
    zeroWords(queue, *aggregates, aggregates->bytes(), what);
    zeroWords(queue, *carries, carries->bytes(), what);
    epoch = 0;
  }
  ++epoch;
  return Run{aggregates, carries, epoch};
}

} // namespace sluice::runtime::opencl
