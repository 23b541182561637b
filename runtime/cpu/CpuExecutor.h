//===- CpuExecutor.h - Runs a plan on the host with TBB ---------*- C++ -*-===//
#ifndef SLUICE_RUNTIME_CPU_CPUEXECUTOR_H
#define SLUICE_RUNTIME_CPU_CPUEXECUTOR_H

#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <stdexcept>
#include <vector>

namespace sluice::runtime {

/// A problem with the tensors a caller passed (missing, wrong dtype, a shape
/// that disagrees with the model's dims). The message names the argument,
/// the dim and both sizes.
class BindError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Checks `args` (one per Plan::arguments, in order) against the plan and
/// returns the value of every model dim. Throws BindError.
std::vector<int64_t> bindDims(const Plan &plan, const std::vector<Tensor> &args);

/// Runs `plan` (kernels resolved) on `args`; returns the results in order.
/// Safe to call from many threads at once on the same plan: every call
/// allocates its own buffers.
std::vector<Tensor> executeOnCpu(const Plan &plan, const std::vector<Tensor> &args);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_CPUEXECUTOR_H
