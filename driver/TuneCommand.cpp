//===- TuneCommand.cpp - `sluice tune` ------------------------------------===//

#include "driver/CommandErrors.h"
#include "driver/TuneCommand.h"
#include "driver/ArtifactTune.h"
#include "driver/RunInputs.h"
#include "frontend/Diagnostics.h"

#include <iostream>
#include <new>

namespace sluice::driver {

int tuneModel(const TuneOptions &options) {
  return exitStatusOf([&] {
    if (options.run.target != "opencl")
      throw InputError("sluice tune tunes the OpenCL target's look-back "
                       "schedules and matrix products; target '" +
                       options.run.target +
                       "' has nothing to tune (use --target opencl)");
    Compilation compilation(options.run.compile);
    PreparedRun prepared = prepareRun(compilation, options.run);
    if (!prepared.opencl)
      throw InputError("sluice tune: the model was not compiled for OpenCL");
    TuneRequest request;
    request.random = options.random;
    request.seed = parseSeed(options.run.seed);
    request.runs = options.runs;
    tuneOnOpencl(prepared.opencl->plan(), prepared.opencl->source(),
                 prepared.args, request);
    std::cout.flush();
    return 0;
  });
}

} // namespace sluice::driver
