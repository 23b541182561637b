//===- RunInputs.h - Binding a model's arguments for `sluice run` -*- C++
//-*-===//
//
// Binds every argument (inputs and params alike) by name, from .npy files
// (--input NAME=FILE.npy) or random draws (--random B=8,T=64 --seed N), and
// checks dims, literal sizes and dtypes. Pure C++17 over the runtime: no
// LLVM or MLIR, so it is unit-tested on its own.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_RUNINPUTS_H
#define SLUICE_DRIVER_RUNINPUTS_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sluice::driver {

/// One argument of a model, as IRGen declares it in its arg attributes.
struct ArgSpec {
  std::string name;              ///< `sl.name`
  bool isParam = false;          ///< `sl.kind` is "param" (else "input")
  std::vector<std::string> dims; ///< `sl.dims`: a dim name or a decimal size
  runtime::DType dtype = runtime::DType::F32; ///< the declared element type
};

/// Where the argument values come from.
struct InputSources {
  std::vector<std::string> inputs; ///< "NAME=FILE.npy", one per --input
  std::string random; ///< "B=8,T=4096,D=256", or empty: no --random
  uint64_t seed = 0;  ///< --seed
};

/// A problem with the user's inputs. `what()` is the bare message, without
/// the "sluice: error: " prefix.
class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string &message)
      : std::runtime_error(message) {}
};

/// The arguments as an artifact's plan declares them (dim names or
/// literal sizes), for bindArguments.
std::vector<ArgSpec> argSpecsOf(const runtime::Plan &plan);

/// Binds every arg of `model` (whose declared dims are `modelDims`) in arg
/// order. An arg named by --input is read from its file; the others are
/// drawn when --random is given (uniform in [-1, 1), deterministic for a
/// seed and an arg name) and are an error otherwise. A file's dtype must be
/// the declared one, except that f16 and bf16 args also take f32 files
/// (rounded). Each tensor has the declared dtype. Throws InputError.
std::vector<runtime::Tensor>
bindArguments(const std::string &model, const std::vector<ArgSpec> &args,
              const std::vector<std::string> &modelDims,
              const InputSources &sources);

/// The value of `--seed TEXT`: a decimal integer in [0, 2^64 - 1]. Throws
/// InputError for anything else (a sign, a non-digit, a value over the
/// range), saying the range.
uint64_t parseSeed(const std::string &text);

/// The largest size --random accepts for a dim (2^62): larger ones are
/// "too large"; products of sizes are checked when tensors are made.
constexpr int64_t kMaxRandomSize = int64_t(1) << 62;

/// A tensor of `dtype` and `shape` with values uniform in [-1, 1), each
/// exactly representable in `dtype`, a pure function of (seed, name).
/// Throws InputError naming `name` for a shape over 2^63 bytes or memory
/// that cannot be allocated.
runtime::Tensor randomTensor(runtime::DType dtype,
                             const std::vector<int64_t> &shape, uint64_t seed,
                             const std::string &name);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_RUNINPUTS_H
