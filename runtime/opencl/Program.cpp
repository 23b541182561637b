//===- Program.cpp - OpenCL programs, kernels and launches ----------------===//

#include "runtime/opencl/Program.h"
#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/OpenclError.h"

#include <algorithm>
#include <iterator>

namespace sluice::runtime::opencl {

Program::Program(cl_program handle, std::string name, std::string sourceHash,
                 std::string source, std::string options)
    : handle_(handle), name_(std::move(name)),
      sourceHash_(std::move(sourceHash)), source_(std::move(source)),
      options_(std::move(options)) {}

bool Program::narrowIndex() const { return definesNarrowIndex(options_); }

Program::~Program() {
  if (handle_)
    clReleaseProgram(handle_);
}

bool Program::hasKernel(const std::string &name) const {
  std::call_once(kernelNamesRead_, [this] {
    size_t bytes = 0;
    if (!handle_ ||
        clGetProgramInfo(handle_, CL_PROGRAM_KERNEL_NAMES, 0, nullptr,
                         &bytes) != CL_SUCCESS ||
        bytes == 0)
      return;
    std::string names(bytes, '\0');
    if (clGetProgramInfo(handle_, CL_PROGRAM_KERNEL_NAMES, bytes,
                         names.data(), nullptr) != CL_SUCCESS)
      return;
    names.resize(names.find('\0') == std::string::npos ? names.size()
                                                       : names.find('\0'));
    size_t at = 0;
    while (at <= names.size()) {
      size_t next = names.find(';', at);
      if (next == std::string::npos)
        next = names.size();
      kernelNames_.insert(names.substr(at, next - at));
      at = next + 1;
    }
  });
  return kernelNames_.count(name) != 0;
}

KernelArg KernelArg::ofBuffer(cl_mem buffer) {
  KernelArg arg;
  arg.kind = Kind::Buffer;
  arg.buffer = buffer;
  return arg;
}

KernelArg KernelArg::ofInt64(int64_t value) {
  KernelArg arg;
  arg.kind = Kind::Int64;
  arg.int64 = value;
  return arg;
}

KernelArg KernelArg::ofInt32(int32_t value) {
  KernelArg arg;
  arg.kind = Kind::Int32;
  arg.int64 = value;
  return arg;
}

KernelArg KernelArg::ofFloat(float value) {
  KernelArg arg;
  arg.kind = Kind::Float;
  arg.real = value;
  return arg;
}

KernelArg KernelArg::ofLocal(size_t bytes) {
  KernelArg arg;
  arg.kind = Kind::Local;
  arg.localBytes = bytes;
  return arg;
}

Kernel::Kernel(std::shared_ptr<const Program> program, const std::string &name)
    : program_(std::move(program)), name_(name) {
  cl_int status = CL_SUCCESS;
  handle_ = clCreateKernel(program_->handle(), name.c_str(), &status);
  check(status, "clCreateKernel", subject());
  cl_uint count = 0;
  status = clGetKernelInfo(handle_, CL_KERNEL_NUM_ARGS, sizeof count, &count,
                           nullptr);
  if (status != CL_SUCCESS) {
    clReleaseKernel(handle_);
    check(status, "clGetKernelInfo", subject());
  }
  params_.resize(count);
  for (cl_uint i = 0; i < count; ++i) {
    Param &param = params_[i];
    char text[256] = {};
    param.known =
        clGetKernelArgInfo(handle_, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER,
                           sizeof param.address, &param.address,
                           nullptr) == CL_SUCCESS &&
        clGetKernelArgInfo(handle_, i, CL_KERNEL_ARG_TYPE_NAME, sizeof text - 1,
                           text, nullptr) == CL_SUCCESS;
    if (!param.known)
      continue;
    param.typeName = text;
    std::fill(std::begin(text), std::end(text), '\0');
    if (clGetKernelArgInfo(handle_, i, CL_KERNEL_ARG_NAME, sizeof text - 1,
                           text, nullptr) == CL_SUCCESS)
      param.name = text;
  }
}

Kernel::~Kernel() {
  if (handle_)
    clReleaseKernel(handle_);
}

KernelLimits Kernel::limits(cl_device_id device) const {
  KernelLimits limits;
  auto query = [&](cl_kernel_work_group_info what, size_t bytes, void *value,
                   const char *name) {
    check(
        clGetKernelWorkGroupInfo(handle_, device, what, bytes, value, nullptr),
        "clGetKernelWorkGroupInfo", subject() + " (" + name + ")");
  };
  size_t size = 0;
  query(CL_KERNEL_WORK_GROUP_SIZE, sizeof size, &size,
        "CL_KERNEL_WORK_GROUP_SIZE");
  limits.maxWorkGroupSize = size;
  query(CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof size, &size,
        "CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE");
  limits.preferredMultiple = size;
  cl_ulong bytes = 0;
  query(CL_KERNEL_LOCAL_MEM_SIZE, sizeof bytes, &bytes,
        "CL_KERNEL_LOCAL_MEM_SIZE");
  limits.localMemoryBytes = bytes;
  query(CL_KERNEL_PRIVATE_MEM_SIZE, sizeof bytes, &bytes,
        "CL_KERNEL_PRIVATE_MEM_SIZE");
  limits.privateMemoryBytes = bytes;
  size_t required[3] = {0, 0, 0};
  query(CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof required, required,
        "CL_KERNEL_COMPILE_WORK_GROUP_SIZE");
  limits.requiredWorkGroupSize = required[0];
  return limits;
}

std::string Kernel::subject() const {
  return "kernel '" + name_ + "' of program '" + program_->name() + "'";
}

namespace {

const char *kindName(KernelArg::Kind kind) {
  switch (kind) {
  case KernelArg::Kind::Buffer:
    return "a buffer";
  case KernelArg::Kind::Int64:
    return "an int64";
  case KernelArg::Kind::Int32:
    return "an int32";
  case KernelArg::Kind::Float:
    return "a float";
  case KernelArg::Kind::Local:
    return "local memory";
  }
  return "a value";
}

/// The bytes of an OpenCL C scalar type, or 0 for one the table lacks.
size_t scalarBytes(const std::string &type) {
  if (type == "long" || type == "ulong" || type == "double" ||
      type == "size_t" || type == "intptr_t")
    return 8;
  if (type == "int" || type == "uint" || type == "float")
    return 4;
  if (type == "short" || type == "ushort" || type == "half")
    return 2;
  if (type == "char" || type == "uchar" || type == "bool")
    return 1;
  return 0;
}

} // namespace

void Kernel::checkArg(size_t index, const KernelArg &arg) const {
  const Param &param = params_[index];
  if (!param.known)
    return;
  bool pointer = param.typeName.find('*') != std::string::npos;
  bool fits;
  std::string expected;
  if (param.address == CL_KERNEL_ARG_ADDRESS_LOCAL) {
    fits = arg.kind == KernelArg::Kind::Local;
    expected = "a __local pointer";
  } else if (pointer) {
    fits = arg.kind == KernelArg::Kind::Buffer;
    expected = "a buffer pointer";
  } else {
    size_t bytes = scalarBytes(param.typeName);
    size_t given = arg.kind == KernelArg::Kind::Int64 ? 8
                   : arg.kind == KernelArg::Kind::Float ||
                           arg.kind == KernelArg::Kind::Int32
                       ? 4
                       : 0;
    fits = given != 0 && (bytes == 0 || bytes == given);
    expected = "a scalar";
  }
  if (!fits)
    throw Error("OpenCL: argument " + std::to_string(index) +
                (param.name.empty() ? "" : " ('" + param.name + "')") + " of " +
                subject() + " is " + expected + " of type '" + param.typeName +
                "', given " + kindName(arg.kind));
}

void Kernel::setArgs(const std::vector<KernelArg> &args) {
  if (args.size() != params_.size())
    throw Error("OpenCL: " + subject() + " takes " +
                std::to_string(params_.size()) + " arguments, given " +
                std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    const KernelArg &arg = args[i];
    checkArg(i, arg);
    auto index = static_cast<cl_uint>(i);
    cl_int status = CL_SUCCESS;
    switch (arg.kind) {
    case KernelArg::Kind::Buffer:
      status = clSetKernelArg(handle_, index, sizeof(cl_mem), &arg.buffer);
      break;
    case KernelArg::Kind::Int64: {
      cl_long value = arg.int64;
      status = clSetKernelArg(handle_, index, sizeof(cl_long), &value);
      break;
    }
    case KernelArg::Kind::Int32: {
      auto value = static_cast<cl_int>(arg.int64);
      status = clSetKernelArg(handle_, index, sizeof(cl_int), &value);
      break;
    }
    case KernelArg::Kind::Float: {
      cl_float value = arg.real;
      status = clSetKernelArg(handle_, index, sizeof(cl_float), &value);
      break;
    }
    case KernelArg::Kind::Local:
      status = clSetKernelArg(handle_, index, arg.localBytes, nullptr);
      break;
    }
    check(status, "clSetKernelArg",
          subject() + " (argument " + std::to_string(i) + ")");
  }
}

void Kernel::enqueue(cl_command_queue queue, const std::vector<size_t> &global,
                     const std::vector<size_t> &local, bool wait) {
  if (global.empty() || global.size() > 3 ||
      (!local.empty() && local.size() != global.size()))
    throw Error("OpenCL: launching " + subject() + " with " +
                std::to_string(global.size()) + " global and " +
                std::to_string(local.size()) +
                " local sizes (1 to 3 global sizes, and as many local "
                "sizes or none)");
  // A launch of no work-items does nothing (OpenCL 1.2 rejects it).
  for (size_t size : global)
    if (size == 0)
      return;
  check(clEnqueueNDRangeKernel(
            queue, handle_, static_cast<cl_uint>(global.size()), nullptr,
            global.data(), local.empty() ? nullptr : local.data(), 0, nullptr,
            nullptr),
        "clEnqueueNDRangeKernel", subject());
  if (wait)
    check(clFinish(queue), "clFinish", "after " + subject());
}

void Kernel::launch(cl_command_queue queue, const std::vector<KernelArg> &args,
                    const std::vector<size_t> &global,
                    const std::vector<size_t> &local, bool wait) {
  setArgs(args);
  enqueue(queue, global, local, wait);
}

} // namespace sluice::runtime::opencl
