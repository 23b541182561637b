//===- Npy.h - NumPy .npy files ----------------------------------*- C++
//-*-===//
//
// Reads and writes NumPy's .npy format (versions 1.0, 2.0 and 3.0) for the
// float dtypes sluice uses: little-endian '<f2', '<f4', '<f8', C order.
// Pure C++17: no LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_NPY_H
#define SLUICE_RUNTIME_NPY_H

#include "runtime/Tensor.h"

#include <string>

namespace sluice::runtime {

/// A malformed, unsupported or unreadable .npy file. `what()` starts with
/// the file name: "x.npy: fortran_order arrays are not supported".
class NpyError : public Error {
public:
  explicit NpyError(const std::string &message) : Error(message) {}
};

/// Reads the .npy file at `path` into an owned tensor (F16, F32 or F64).
/// The header is read and checked first (and, for a regular file, the data
/// size against the file size) before the data is allocated; then exactly
/// the announced bytes are read. Throws NpyError naming the file on any
/// problem.
Tensor readNpy(const std::string &path);
/// Decodes the bytes of a .npy file; `name` is used in error messages.
Tensor decodeNpy(const std::string &bytes, const std::string &name);

/// Writes `tensor` (F16, F32 or F64; any strides) to `path` as a C-order
/// .npy file (version 1.0, or 2.0 for a header over 64 KiB). Throws NpyError
/// for BF16 (NumPy has no such dtype: convert first) or an I/O failure.
void writeNpy(const std::string &path, const Tensor &tensor);
/// The bytes of the .npy file `writeNpy` would write.
std::string encodeNpy(const Tensor &tensor);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_NPY_H
