//===- BufferPool.cpp - Device buffers, reused ----------------------------===//

#include "runtime/opencl/BufferPool.h"
#include "runtime/opencl/OpenclError.h"

#include <limits>

namespace sluice::runtime::opencl {

/// The pool proper, shared by the BufferPool and every Buffer it handed
/// out, so a Buffer that outlives its pool still releases its memory.
class BufferPoolState {
public:
  explicit BufferPoolState(cl_context context) : context(context) {
    clRetainContext(context);
  }
  ~BufferPoolState() {
    trim();
    clReleaseContext(context);
  }

  void trim() {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto &[capacity, handles] : free)
      for (cl_mem handle : handles)
        clReleaseMemObject(handle);
    free.clear();
    stats.pooledBuffers = 0;
    stats.pooledBytes = 0;
  }

  /// Takes back `handle`, unless the pool is closed (then releases it).
  void giveBack(cl_mem handle, size_t capacity) {
    std::lock_guard<std::mutex> lock(mutex);
    if (closed) {
      clReleaseMemObject(handle);
      return;
    }
    free[capacity].push_back(handle);
    ++stats.pooledBuffers;
    stats.pooledBytes += capacity;
  }

  cl_context context;
  std::mutex mutex;
  std::map<size_t, std::vector<cl_mem>> free;
  BufferPoolStats stats;
  /// Set when the BufferPool is destroyed: later releases free memory.
  bool closed = false;
};

size_t bufferSizeClass(size_t bytes) {
  constexpr size_t kSmallest = 256;
  if (bytes <= kSmallest)
    return kSmallest;
  if (bytes > std::numeric_limits<size_t>::max() / 2)
    return bytes; // no device has that much: clCreateBuffer says so
  // The power of two at or below bytes, then quarter steps above it.
  size_t power = kSmallest;
  while (power <= (std::numeric_limits<size_t>::max() >> 1) &&
         power * 2 <= bytes)
    power *= 2;
  if (power == bytes)
    return bytes;
  for (size_t quarter = 1; quarter <= 4; ++quarter) {
    size_t candidate = power + power / 4 * quarter;
    if (candidate >= bytes)
      return candidate;
  }
  return bytes; // unreachable: 2 * power > bytes
}

Buffer::Buffer(std::shared_ptr<BufferPoolState> pool, cl_mem handle,
               size_t bytes, size_t capacity)
    : pool_(std::move(pool)), handle_(handle), bytes_(bytes),
      capacity_(capacity) {}

Buffer::Buffer(Buffer &&other) noexcept
    : pool_(std::move(other.pool_)), handle_(other.handle_),
      bytes_(other.bytes_), capacity_(other.capacity_) {
  other.handle_ = nullptr;
}

Buffer &Buffer::operator=(Buffer &&other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::move(other.pool_);
    handle_ = other.handle_;
    bytes_ = other.bytes_;
    capacity_ = other.capacity_;
    other.handle_ = nullptr;
  }
  return *this;
}

Buffer::~Buffer() { release(); }

void Buffer::release() {
  if (handle_ && pool_)
    pool_->giveBack(handle_, capacity_);
  handle_ = nullptr;
  pool_.reset();
}

BufferPool::BufferPool(cl_context context)
    : state_(std::make_shared<BufferPoolState>(context)) {}

BufferPool::~BufferPool() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->closed = true;
  }
  state_->trim();
}

Buffer BufferPool::allocate(size_t bytes, const std::string &what) {
  size_t capacity = bufferSizeClass(bytes);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto found = state_->free.find(capacity);
    if (found != state_->free.end() && !found->second.empty()) {
      cl_mem handle = found->second.back();
      found->second.pop_back();
      ++state_->stats.reuses;
      --state_->stats.pooledBuffers;
      state_->stats.pooledBytes -= capacity;
      return Buffer(state_, handle, bytes, capacity);
    }
  }
  cl_int status = CL_SUCCESS;
  cl_mem handle = clCreateBuffer(state_->context, CL_MEM_READ_WRITE, capacity,
                                 nullptr, &status);
  if (status != CL_SUCCESS && status != CL_INVALID_VALUE) {
    // Out of memory, perhaps only because of the pooled buffers: free them
    // and try once more.
    trim();
    handle = clCreateBuffer(state_->context, CL_MEM_READ_WRITE, capacity,
                            nullptr, &status);
  }
  if (status != CL_SUCCESS)
    throw Error(std::string(allocationError(capacity, what + " on the OpenCL "
                                                             "device")
                                .what()) +
                " (clCreateBuffer: " + statusName(status) + ")");
  std::lock_guard<std::mutex> lock(state_->mutex);
  ++state_->stats.allocations;
  return Buffer(state_, handle, bytes, capacity);
}

Buffer BufferPool::allocate(DType dtype, const std::vector<int64_t> &shape,
                            const std::string &what) {
  return allocate(static_cast<size_t>(byteSizeOf(dtype, shape, what)), what);
}

void BufferPool::trim() { state_->trim(); }

BufferPoolStats BufferPool::stats() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->stats;
}

} // namespace sluice::runtime::opencl
