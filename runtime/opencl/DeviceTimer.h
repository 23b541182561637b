//===- DeviceTimer.h - Device time of a plan call, caches flushed -*- C++ -*-===//
//
// How `sluice-run --bench` (driver/ArtifactBench.cpp) and the tuner
// (Tuner.h) time a call of a plan on an OpenCL device: the executor uploads
// every argument first, then the timer's hook enqueues the L2 flush (a
// 256 MiB clEnqueueFillBuffer, like the `zero_()` of the GPU baselines)
// whose end is the start stamp; after the last launch a 4-byte fill is the
// stop stamp. The time is stop.START - flush.END from the queue's
// profiling timestamps (contexts create their queue with profiling on):
// every kernel and the gaps between them, no host<->device copy.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_DEVICETIMER_H
#define SLUICE_RUNTIME_OPENCL_DEVICETIMER_H

#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/Cl.h"
#include "runtime/opencl/PlanExecutor.h"

#include <cstdint>
#include <vector>

namespace sluice::runtime::opencl {

class Context;

/// The bytes written to flush the caches before each timed call: several
/// times the H200's 60 MB L2.
constexpr int64_t kCacheFlushBytes = int64_t(256) << 20;

/// An event owned (released when it goes).
struct OwnedEvent {
  cl_event event = nullptr;
  OwnedEvent() = default;
  OwnedEvent(const OwnedEvent &) = delete;
  OwnedEvent &operator=(const OwnedEvent &) = delete;
  ~OwnedEvent() { reset(); }
  void reset();
  /// A profiling timestamp of the event, in nanoseconds.
  cl_ulong stamp(cl_profiling_info which) const;
};

/// Enqueues a fill of the first `bytes` bytes of `buffer` with `word` on
/// `queue`; `event` receives its event. A timer's stamps: the flush (its end
/// starts a timed region) and a 4-byte fill (its start ends it).
void enqueueTimestampFill(cl_command_queue queue, cl_mem buffer, size_t bytes,
                          cl_uint word, OwnedEvent &event);

/// The median of `values` (the mean of the middle two for an even count; 0
/// for none).
double medianOf(std::vector<double> values);

/// Times calls of executeOnOpencl on one context. Not thread-safe.
class DeviceTimer {
public:
  /// Allocates the flush buffer on `context`'s device.
  explicit DeviceTimer(Context &context);
  DeviceTimer(const DeviceTimer &) = delete;
  DeviceTimer &operator=(const DeviceTimer &) = delete;

  /// `options` with the flush and stop hooks set: a call run with them
  /// is timed, and milliseconds() then gives its device time.
  PlanExecutorOptions timed(PlanExecutorOptions options);
  /// The device time of the last call run with timed() options, in ms.
  /// Throws Error when no such call ran (the hooks were not called).
  double milliseconds() const;

private:
  Context &context_;
  Buffer flush_;
  OwnedEvent flushed_, stopped_;
  cl_uint word_ = 0;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_DEVICETIMER_H
