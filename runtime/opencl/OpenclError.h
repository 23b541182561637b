//===- OpenclError.h - OpenCL status codes as sluice::Errors ----*- C++ -*-===//
//
// Every cl* call of runtime/opencl goes through `check`: a failure becomes a
// sluice::Error whose message names the call, the status by name
// (CL_INVALID_KERNEL_ARGS) and what the call was about (a kernel, a
// program, a buffer).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_OPENCLERROR_H
#define SLUICE_RUNTIME_OPENCL_OPENCLERROR_H

#include "runtime/Error.h"

#include <cstdint>
#include <string>

namespace sluice::runtime::opencl {

/// The name of an OpenCL status code ("CL_INVALID_KERNEL_ARGS"), or
/// "unknown OpenCL status" for a code no table knows.
const char *statusName(int32_t status);

/// The Error for `call` returning `status`: "OpenCL: clEnqueueNDRangeKernel
/// failed with CL_INVALID_KERNEL_ARGS (-52) for kernel 'vadd'" (the part
/// after "for" is `subject`, left out when empty).
Error openclError(int32_t status, const std::string &call,
                  const std::string &subject = "");

/// Throws openclError(status, call, subject) unless status is CL_SUCCESS.
inline void check(int32_t status, const char *call,
                  const std::string &subject = "") {
  if (status != 0)
    throw openclError(status, call, subject);
}

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_OPENCLERROR_H
