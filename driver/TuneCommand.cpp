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
    // --random: the dims (as `sluice run --random`), or, a bare number, the
    // candidates (the older spelling of --tune-random).
    RunOptions run = options.run;
    int candidates = options.random;
    const std::string &arg = options.randomArg;
    if (!arg.empty() &&
        arg.find_first_not_of("0123456789") == std::string::npos) {
      if (candidates > 0)
        throw InputError("--random " + arg + " and --tune-random " +
                         std::to_string(candidates) +
                         " both give the candidates: give them once");
      // (At most 7 digits: 1000000 and no overflow.)
      long count = arg.size() > 7 ? 0 : std::stol(arg);
      if (count < 1 || count > 1000000)
        throw InputError("--random " + arg +
                         ": a number of candidates is 1 to 1000000");
      candidates = static_cast<int>(count);
    } else if (!arg.empty()) {
      if (!run.random.empty())
        throw InputError("--random and --dims both give the dims: give them "
                         "once");
      run.random = arg;
    }
    Compilation compilation(run.compile);
    PreparedRun prepared = prepareRun(compilation, run);
    if (!prepared.opencl)
      throw InputError("sluice tune: the model was not compiled for OpenCL");
    TuneRequest request;
    request.random = candidates;
    request.seed = parseSeed(options.run.seed);
    request.runs = options.runs;
    tuneOnOpencl(prepared.opencl->plan(), prepared.opencl->source(),
                 prepared.args, request);
    std::cout.flush();
    return 0;
  });
}

} // namespace sluice::driver
