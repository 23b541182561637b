//===- OutputFiles.h - Writing a run's outputs as .npy files ----*- C++ -*-===//
//
// Shared by `sluice run` and `sluice-run`. Pure C++17 over the runtime: no
// LLVM or MLIR (sluice-run builds without them).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_OUTPUTFILES_H
#define SLUICE_DRIVER_OUTPUTFILES_H

#include "driver/RunInputs.h"
#include "runtime/Tensor.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace sluice::driver {

/// Writes output i as DIR/names[i].npy (f64 when declared[i] is f64, else
/// f32) and prints one line per output on stdout. All or nothing: every
/// output goes to a temporary file in DIR first, and the files are renamed
/// to their names only once all were written (a failure removes the
/// temporary files and leaves DIR as it was). DIR is created if missing.
/// Throws InputError (driver/RunInputs.h) or NpyError.
void writeOutputFiles(const std::vector<std::string> &names,
                      const std::vector<runtime::DType> &declared,
                      const std::vector<runtime::Tensor> &outputs,
                      const std::string &dir);

/// `--save-inputs DIR`: writes the arguments a run was given (inputs and
/// params, read from files or drawn by --random; `args[i]` is `specs[i]`'s)
/// as DIR/NAME.npy, as
/// writeOutputFiles writes outputs (f64 when declared f64, else f32: a
/// 16-bit argument is saved widened, and reads back as the same values),
/// so that `--input NAME=DIR/NAME.npy` runs the model again on them. One
/// line per argument goes to stderr (stdout stays the outputs').
void writeInputFiles(const std::vector<ArgSpec> &specs,
                     const std::vector<runtime::Tensor> &args,
                     const std::string &dir);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_OUTPUTFILES_H
