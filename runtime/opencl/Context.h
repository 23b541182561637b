//===- Context.h - An OpenCL device ready to run ---------------*- C++ -*-===//
//
// One device's cl_context and in-order command queue, with its program
// cache and buffer pool, and the host<->device copies. The plan executor of
// the OpenCL target holds one per device.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_CONTEXT_H
#define SLUICE_RUNTIME_OPENCL_CONTEXT_H

#include "runtime/Tensor.h"
#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/Device.h"
#include "runtime/opencl/LookbackWords.h"
#include "runtime/opencl/ProgramCache.h"

#include <memory>
#include <string>

namespace sluice::runtime::opencl {

/// How a Context caches programs.
struct ContextOptions {
  /// The cache directory (binaries go to its `opencl/` folder); empty for
  /// no disk cache. Defaults to defaultCacheDirectory().
  std::string cacheDirectory = defaultCacheDirectory();
};

/// A device's context, queue, programs and buffers. Not copyable. Its
/// buffers and programs may outlive it (OpenCL reference counts keep the
/// context alive), but no command may be enqueued after it is destroyed.
class Context {
public:
  /// Creates the cl_context and an in-order queue on `device`, with
  /// profiling enabled (CL_QUEUE_PROFILING_ENABLE: the events of its
  /// commands carry device timestamps).
  explicit Context(const DeviceInfo &device, ContextOptions options = {});
  ~Context();
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  const DeviceInfo &device() const { return device_; }
  cl_context handle() const { return context_; }
  cl_command_queue queue() const { return queue_; }
  ProgramCache &programs() { return *programs_; }
  BufferPool &buffers() { return *buffers_; }
  /// The word buffers of the flag-word one-pass kernels (LookbackWords.h).
  LookbackWords &lookbackWords() { return lookbackWords_; }

  /// Copies `bytes` bytes from the host to `buffer` at `offset`; waits.
  /// Throws when the range goes past the buffer.
  void upload(const Buffer &buffer, const void *data, size_t bytes,
              size_t offset = 0);
  /// Copies `bytes` bytes of `buffer` from `offset` to the host; waits for
  /// the queue's earlier commands and the copy.
  void download(const Buffer &buffer, void *data, size_t bytes,
                size_t offset = 0);
  /// A buffer holding a copy of `tensor` (copied contiguous first when it
  /// is a strided view).
  Buffer upload(const Tensor &tensor, const std::string &what);
  /// Copies `buffer` into `tensor`, which must be contiguous and no larger
  /// than the buffer.
  void download(const Buffer &buffer, Tensor &tensor);
  /// Waits for every command of the queue.
  void finish();

private:
  DeviceInfo device_;
  cl_context context_ = nullptr;
  cl_command_queue queue_ = nullptr;
  std::unique_ptr<ProgramCache> programs_;
  std::unique_ptr<BufferPool> buffers_;
  LookbackWords lookbackWords_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_CONTEXT_H
