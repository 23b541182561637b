//===- OpenclRun.cpp - `sluice run --target opencl` -----------------------===//
//
// Compiles a model for the OpenCL target (codegen/opencl) and builds it on
// the device (runtime/opencl/OpenclModel.h). Without the OpenCL runtime in
// this build, a clear error.
//
//===----------------------------------------------------------------------===//

#include "driver/RunCommand.h"
#include "driver/RunInputs.h"

#ifdef SLUICE_HAVE_OPENCL
#include "codegen/opencl/OpenclProgram.h"
#include "runtime/opencl/OpenclModel.h"
#endif

namespace sluice::driver {

#ifdef SLUICE_HAVE_OPENCL
namespace {
/// An OpenclModel behind the driver's interface.
class DeviceRunner : public OpenclRunner {
public:
  explicit DeviceRunner(codegen::opencl::OpenclProgram program)
      : model(std::move(program.plan), std::move(program.source)) {}
  std::vector<runtime::Tensor>
  run(const std::vector<runtime::Tensor> &args) const override {
    return model.run(args);
  }
  const runtime::Plan &plan() const override { return model.plan(); }
  const std::string &source() const override { return model.source(); }

private:
  runtime::opencl::OpenclModel model;
};
} // namespace

std::shared_ptr<const OpenclRunner>
compileForOpencl(mlir::func::FuncOp func,
                 const codegen::cpu::CpuOptions &options) {
  return std::make_shared<DeviceRunner>(
      codegen::opencl::buildOpenclProgram(func, options));
}
#else
std::shared_ptr<const OpenclRunner>
compileForOpencl(mlir::func::FuncOp, const codegen::cpu::CpuOptions &) {
  throw InputError("this sluice was built without the OpenCL runtime "
                   "(SLUICE_ENABLE_OPENCL=OFF; Debian: ocl-icd-opencl-dev "
                   "opencl-c-headers): use --target cpu");
}
#endif

} // namespace sluice::driver
