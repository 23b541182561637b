//===- ModelHandle.h - A Model handle over any compiled model ---*- C++ -*-===//
//
// The part of the embedding API that needs no compiler: a Model handle
// (bound params, a thread limit, named inputs and outputs) over a compiled
// model, which is either JIT-compiled in this process (api/Model.cpp) or
// loaded from an artifact (api/LoadArtifact.cpp). No LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_API_MODELHANDLE_H
#define SLUICE_API_MODELHANDLE_H

#include "runtime/Plan.h"
#include "sluice/sluice.h"

#include <memory>
#include <vector>

namespace sluice::api {

/// A compiled model, immutable and shared by its handles.
class CompiledModel {
public:
  virtual ~CompiledModel() = default;
  /// The model's name, arguments and results (a full plan on the CPU).
  virtual const runtime::Plan &signature() const = 0;
  /// Runs on positional arguments (inputs then params); `into` as in
  /// runtime::executeOnCpu. Throws Error.
  virtual std::vector<Tensor> execute(const std::vector<Tensor> &args,
                                      const std::vector<Tensor> *into) const = 0;
  /// The plan whose traffic Model::trafficBytes estimates, or nullptr (0).
  virtual const runtime::Plan *cpuPlan() const = 0;
};

/// A handle on `compiled` whose calls use at most `threads` threads (0:
/// SLUICE_NUM_THREADS when set, else every core).
std::shared_ptr<Model> makeModelHandle(std::shared_ptr<const CompiledModel> compiled,
                                       int threads);

/// Runs `body`, turning every exception into sluice::Error (the API's one
/// exception type): errors of the layers below keep their message.
template <typename Body> auto translateErrors(Body &&body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw Error("out of memory (an allocation of sluice failed)");
  } catch (const std::exception &e) {
    throw Error(e.what());
  }
}

} // namespace sluice::api

#endif // SLUICE_API_MODELHANDLE_H
