//===- Error.h - The one exception type of the sluice API -------*- C++ -*-===//
//
// sluice::Error is what every API entry point throws (see sluice/sluice.h);
// it lives in the runtime because the runtime's Tensor is part of that API.
// Pure C++17: no LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_ERROR_H
#define SLUICE_RUNTIME_ERROR_H

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sluice {

/// Any problem with a model or the tensors given to it; `what()` is the
/// formatted message (located diagnostics for errors in model text).
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace runtime {

/// The Error for an allocation of `bytes` bytes for `what` that failed:
/// "could not allocate 17179869184 bytes (16 GiB) for WHAT".
Error allocationError(uint64_t bytes, const std::string &what);

} // namespace runtime
} // namespace sluice

#endif // SLUICE_RUNTIME_ERROR_H
