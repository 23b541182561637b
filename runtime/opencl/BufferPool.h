//===- BufferPool.h - Device buffers, reused -------------------*- C++ -*-===//
//
// Device memory of one context, handed out as Buffers and taken back when a
// Buffer is destroyed: a released buffer waits in the pool, under its size
// class, for the next request of that class, so repeated calls of a plan do
// not reallocate. Size classes are 256 bytes and up, four per doubling
// (at most 25% of a buffer unused). Buffers are used on the context's one
// in-order queue, so a buffer taken back while a kernel that uses it is
// still queued may be handed out again: the next user's commands run after
// that kernel.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_BUFFERPOOL_H
#define SLUICE_RUNTIME_OPENCL_BUFFERPOOL_H

#include "runtime/Tensor.h"
#include "runtime/opencl/Cl.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class BufferPoolState;

/// A device buffer of at least bytes() bytes; move-only; goes back to its
/// pool when destroyed.
class Buffer {
public:
  Buffer() = default;
  Buffer(Buffer &&other) noexcept;
  Buffer &operator=(Buffer &&other) noexcept;
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  ~Buffer();

  cl_mem handle() const { return handle_; }
  /// The bytes asked for.
  size_t bytes() const { return bytes_; }
  /// The bytes allocated (the size class).
  size_t capacity() const { return capacity_; }
  explicit operator bool() const { return handle_ != nullptr; }

private:
  friend class BufferPool;
  Buffer(std::shared_ptr<BufferPoolState> pool, cl_mem handle, size_t bytes,
         size_t capacity);
  void release();

  std::shared_ptr<BufferPoolState> pool_;
  cl_mem handle_ = nullptr;
  size_t bytes_ = 0;
  size_t capacity_ = 0;
};

/// What the pool did, for tests.
struct BufferPoolStats {
  /// clCreateBuffer calls.
  uint64_t allocations = 0;
  /// Requests answered with a pooled buffer.
  uint64_t reuses = 0;
  /// Buffers waiting in the pool, and their bytes.
  uint64_t pooledBuffers = 0;
  uint64_t pooledBytes = 0;
};

/// The size class of a request of `bytes` bytes: the smallest of 256 x
/// 2^(k/4) (rounded up to 256 bytes) that holds it.
size_t bufferSizeClass(size_t bytes);

/// The device buffers of one context. Thread-safe.
class BufferPool {
public:
  explicit BufferPool(cl_context context);
  ~BufferPool();
  BufferPool(const BufferPool &) = delete;
  BufferPool &operator=(const BufferPool &) = delete;

  /// A buffer of at least `bytes` bytes (a pooled one when one of its size
  /// class waits); `what` names it in the allocation error. A request of 0
  /// bytes gets the smallest class.
  Buffer allocate(size_t bytes, const std::string &what);
  /// A buffer for a contiguous `dtype` tensor of `shape` (f16 and bf16:
  /// 2 bytes an element, f32 4, f64 8).
  Buffer allocate(DType dtype, const std::vector<int64_t> &shape,
                  const std::string &what);
  /// Releases every pooled buffer (those handed out stay valid).
  void trim();

  BufferPoolStats stats() const;

private:
  std::shared_ptr<BufferPoolState> state_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_BUFFERPOOL_H
