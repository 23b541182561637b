//===- OpenclModel.cpp - A plan and its program on an OpenCL device -------===//

#include "runtime/opencl/OpenclModel.h"

#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/ProgramCache.h"

#include <map>
#include <mutex>

namespace sluice::runtime::opencl {

std::shared_ptr<Context> sharedContext(const DeviceInfo &device) {
  static std::mutex mutex;
  // Never destroyed: contexts outlive every model (static destruction order
  // across translation units is unknown), and the driver frees them at exit.
  static auto &contexts = *new std::map<cl_device_id, std::shared_ptr<Context>>();
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<Context> &context = contexts[device.device];
  if (!context)
    context = std::make_shared<Context>(device);
  return context;
}

OpenclModel::OpenclModel(Plan plan, std::string source,
                         const std::string &deviceChoice)
    : plan_(std::move(plan)), source_(std::move(source)) {
  context_ = sharedContext(selectDevice(deviceChoice));
  program_ = context_->programs().build(plan_.model, source_,
                                        planBuildOptions(context_->device()));
}

OpenclModel::~OpenclModel() = default;

const DeviceInfo &OpenclModel::device() const { return context_->device(); }

std::vector<Tensor> OpenclModel::run(const std::vector<Tensor> &args,
                                     const std::vector<Tensor> *into) const {
  std::vector<Tensor> results = executeOnOpencl(*context_, plan_, program_, args);
  if (!into)
    return results;
  for (size_t i = 0; i < results.size() && i < into->size(); ++i) {
    const Tensor &dst = (*into)[i];
    if (dst.isNull())
      continue;
    if (dst.dtype() != results[i].dtype() || dst.shape() != results[i].shape())
      throw BindError("the tensor given for output '" + plan_.results[i].name +
                      "' must be a " + dtypeName(results[i].dtype()) +
                      " tensor of shape " + shapeToString(results[i].shape()) +
                      ", got " + dtypeName(dst.dtype()) + " " +
                      shapeToString(dst.shape()));
    Tensor target = dst; // shares dst's memory
    target.copyFrom(results[i]);
    results[i] = dst;
  }
  return results;
}

} // namespace sluice::runtime::opencl
