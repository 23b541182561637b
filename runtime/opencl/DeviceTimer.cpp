//===- DeviceTimer.cpp - Device time of a plan call, caches flushed -------===//

#include "runtime/opencl/DeviceTimer.h"

#include "runtime/opencl/Context.h"
#include "runtime/opencl/OpenclError.h"

#include <algorithm>

namespace sluice::runtime::opencl {

void enqueueTimestampFill(cl_command_queue queue, cl_mem buffer, size_t bytes,
                          cl_uint word, OwnedEvent &event) {
  event.reset();
  check(clEnqueueFillBuffer(queue, buffer, &word, sizeof word, 0, bytes, 0,
                            nullptr, &event.event),
        "clEnqueueFillBuffer", "a timer's cache flush or stamp");
}

double medianOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  if (n == 0)
    return 0;
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void OwnedEvent::reset() {
  if (event)
    clReleaseEvent(event);
  event = nullptr;
}

cl_ulong OwnedEvent::stamp(cl_profiling_info which) const {
  cl_ulong value = 0;
  check(clGetEventProfilingInfo(event, which, sizeof value, &value, nullptr),
        "clGetEventProfilingInfo", "a timer's timestamp");
  return value;
}

DeviceTimer::DeviceTimer(Context &context)
    : context_(context),
      flush_(context.buffers().allocate(static_cast<size_t>(kCacheFlushBytes),
                                        "the cache flush buffer")) {}

PlanExecutorOptions DeviceTimer::timed(PlanExecutorOptions options) {
  flushed_.reset();
  stopped_.reset();
  options.beforeLaunches = [this] {
    enqueueTimestampFill(context_.queue(), flush_.handle(), flush_.bytes(),
                         ++word_, flushed_);
  };
  options.afterLaunches = [this] {
    enqueueTimestampFill(context_.queue(), flush_.handle(), sizeof word_, word_,
                         stopped_);
  };
  return options;
}

double DeviceTimer::milliseconds() const {
  if (!flushed_.event || !stopped_.event)
    throw Error("OpenCL: the plan executor did not call the timer's launch "
                "hooks");
  cl_ulong start = flushed_.stamp(CL_PROFILING_COMMAND_END);
  cl_ulong stop = stopped_.stamp(CL_PROFILING_COMMAND_START);
  return stop > start ? static_cast<double>(stop - start) * 1e-6 : 0.0;
}

} // namespace sluice::runtime::opencl
