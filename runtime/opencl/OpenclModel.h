//===- OpenclModel.h - A plan and its program on an OpenCL device -*- C++ -*-===//
//
// What the OpenCL target runs: a plan (runtime/Plan.h) with the OpenCL C
// source of its kernels (KernelAbi.h), built once for one device, run by
// the plan executor. It comes from the compiler in this process (`sluice
// run --target opencl`, sluice::compileFile) or from an artifact
// (`sluice-run`, sluice::loadArtifact); the runtime needs no compiler
// either way. Pure C++17 over the OpenCL C API.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_OPENCLMODEL_H
#define SLUICE_RUNTIME_OPENCL_OPENCLMODEL_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/Device.h"

#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class Context;
class Program;

/// The process's context on `device`: one per device, made on first use
/// and shared by every model that runs there (its program cache and buffer
/// pool with it). Thread-safe.
std::shared_ptr<Context> sharedContext(const DeviceInfo &device);

/// A plan whose kernels are built on a device. Immutable; `run` is safe to
/// call from many threads at once.
class OpenclModel {
public:
  /// Builds `source` for the device `deviceChoice` names (empty: the value
  /// of SLUICE_OPENCL_DEVICE, else the first GPU, else the first device;
  /// Device.h). Throws Error when there is no such device (listing those
  /// present), or when the program does not build (with the build log).
  OpenclModel(Plan plan, std::string source,
              const std::string &deviceChoice = "");
  ~OpenclModel();

  const Plan &plan() const { return plan_; }
  const std::string &source() const { return source_; }
  const DeviceInfo &device() const;
  /// Runs the plan on `args` (inputs then params). When `into` holds a
  /// tensor for a result, the result is copied into it (same dtype and
  /// shape) and returned. Throws BindError or Error.
  std::vector<Tensor> run(const std::vector<Tensor> &args,
                          const std::vector<Tensor> *into = nullptr) const;

private:
  Plan plan_;
  std::string source_;
  std::shared_ptr<Context> context_;
  std::shared_ptr<const Program> program_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_OPENCLMODEL_H
