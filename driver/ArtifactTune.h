//===- ArtifactTune.h - Tuning a plan on the OpenCL device ------*- C++ -*-===//
//
// What `sluice tune` (driver/TuneCommand.h) and `sluice-run --tune` share:
// build the plan's OpenCL source on the device (SLUICE_OPENCL_DEVICE
// chooses), tune its look-back steps (runtime/opencl/Tuner.h) and CLBlast's
// kernel at its f32 matrix products (runtime/opencl/GemmTuning.h), store
// the winners in the tuning cache and print the tables. No LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_ARTIFACTTUNE_H
#define SLUICE_DRIVER_ARTIFACTTUNE_H

#include "driver/ArtifactRun.h"
#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::driver {

/// How to search (runtime/opencl/Tuner.h, TuneOptions).
struct TuneRequest {
  int random = 0;    ///< candidates sampled besides the default; 0: all
  uint64_t seed = 0; ///< of the sample
  int runs = 3;      ///< timed calls per candidate
};

/// Tunes `plan` (kernels in the OpenCL C `source`) at `args` on the device,
/// writes the tuning cache (runtime/opencl/TuningCache.h) and prints the
/// candidates' tables and the cache file on stdout. Throws InputError when
/// this build has no OpenCL, Error when there is no device or the plan has
/// neither a look-back scan nor an f32 matrix product.
void tuneOnOpencl(const runtime::Plan &plan, const std::string &source,
                  const std::vector<runtime::Tensor> &args,
                  const TuneRequest &request);

/// `sluice-run DIR --tune`: reads the OpenCL artifact, binds its inputs
/// (--input, --random, --seed) and tunes it. Throws.
void tuneArtifact(const ArtifactRunOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_ARTIFACTTUNE_H
