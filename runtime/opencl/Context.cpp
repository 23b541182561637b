//===- Context.cpp - An OpenCL device ready to run ------------------------===//

#include "runtime/opencl/Context.h"
#include "runtime/opencl/OpenclError.h"

namespace sluice::runtime::opencl {

namespace {

void checkRange(const Buffer &buffer, size_t bytes, size_t offset,
                const char *direction) {
  if (!buffer)
    throw Error(std::string("OpenCL: ") + direction + " with an empty buffer");
  if (offset > buffer.capacity() || bytes > buffer.capacity() - offset)
    throw Error(std::string("OpenCL: ") + direction + " of " +
                std::to_string(bytes) + " bytes at offset " +
                std::to_string(offset) + " goes past a buffer of " +
                std::to_string(buffer.capacity()) + " bytes");
}

} // namespace

Context::Context(const DeviceInfo &device, ContextOptions options)
    : device_(device) {
  cl_context_properties properties[] = {
      CL_CONTEXT_PLATFORM,
      reinterpret_cast<cl_context_properties>(device.platform), 0};
  cl_int status = CL_SUCCESS;
  context_ = clCreateContext(properties, 1, &device_.device, nullptr, nullptr,
                             &status);
  check(status, "clCreateContext", device_.deviceName);
  // Profiling costs nothing measurable on an in-order queue and lets a
  // caller read device times of its commands (sluice-run --bench).
  queue_ = clCreateCommandQueue(context_, device_.device,
                                CL_QUEUE_PROFILING_ENABLE, &status);
  if (status != CL_SUCCESS) {
    clReleaseContext(context_);
    check(status, "clCreateCommandQueue", device_.deviceName);
  }
  programs_ =
      std::make_unique<ProgramCache>(context_, device_, options.cacheDirectory);
  buffers_ = std::make_unique<BufferPool>(context_);
}

Context::~Context() {
  clFinish(queue_);
  buffers_.reset();
  programs_.reset();
  clReleaseCommandQueue(queue_);
  clReleaseContext(context_);
}

void Context::upload(const Buffer &buffer, const void *data, size_t bytes,
                     size_t offset) {
  checkRange(buffer, bytes, offset, "upload");
  if (bytes == 0)
    return;
  check(clEnqueueWriteBuffer(queue_, buffer.handle(), CL_TRUE, offset, bytes,
                             data, 0, nullptr, nullptr),
        "clEnqueueWriteBuffer", std::to_string(bytes) + " bytes");
}

void Context::download(const Buffer &buffer, void *data, size_t bytes,
                       size_t offset) {
  checkRange(buffer, bytes, offset, "download");
  if (bytes == 0)
    return;
  check(clEnqueueReadBuffer(queue_, buffer.handle(), CL_TRUE, offset, bytes,
                            data, 0, nullptr, nullptr),
        "clEnqueueReadBuffer", std::to_string(bytes) + " bytes");
}

Buffer Context::upload(const Tensor &tensor, const std::string &what) {
  Tensor contiguous = tensor.isContiguous() ? tensor : tensor.clone();
  auto bytes = static_cast<size_t>(
      byteSizeOf(contiguous.dtype(), contiguous.shape(), what));
  Buffer buffer = buffers_->allocate(bytes, what);
  upload(buffer, contiguous.data(), bytes);
  return buffer;
}

void Context::download(const Buffer &buffer, Tensor &tensor) {
  if (!tensor.isContiguous())
    throw Error("OpenCL: download into a strided tensor view");
  auto bytes = static_cast<size_t>(byteSizeOf(tensor.dtype(), tensor.shape()));
  download(buffer, tensor.data(), bytes);
}

void Context::finish() { check(clFinish(queue_), "clFinish"); }

} // namespace sluice::runtime::opencl
