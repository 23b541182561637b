//===- LookbackBinding.h - Each Lookback step's schedule, bound -*- C++ -*-===//
//
// Before a plan runs on OpenCL, each Lookback step gets its schedule
// (LookbackTuning.h: chunk, work-group, mode) from the caller's options,
// the environment, the tuning cache or the default rule, in that order;
// the chunk goes into the step's dims slot and the work-group size to each
// of its kernels. Part of PlanExecutor.cpp's work, kept apart so that each
// file stays small. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_LOOKBACKBINDING_H
#define SLUICE_RUNTIME_OPENCL_LOOKBACKBINDING_H

#include "runtime/Plan.h"
#include "runtime/opencl/LookbackTuning.h"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

/// The work-group size asked for when the kernel allows it (rounded to the
/// kernel's preferred multiple).
constexpr size_t kPreferredLocalSize = 128;

struct DeviceInfo;
struct PlanExecutorOptions;
class Program;

/// What binding leaves for the executor: per Lookback step (by its
/// aggregate kernel's name) the schedule, and the work-group size asked
/// for each kernel of those steps (by kernel name).
struct LookbackBinding {
  std::map<std::string, LookbackSchedule> schedules;
  std::map<std::string, size_t> preferredLocal;
};

/// Binds the schedule of every Lookback step of `steps` (in Loop bodies
/// too) into `binding`: forced by options.lookbackSchedules, else
/// options.lookback or SLUICE_OPENCL_LOOKBACK for the mode and
/// SLUICE_OPENCL_LOOKBACK_CHUNK for the chunk, else the tuning cache's
/// entry (keyed by `device` and `program`'s source), else the defaults
/// (LookbackTuning.h, whose kernels `program` may lack). Writes each
/// step's chunk into `dims` and calls options.onLookbackSchedule.
void bindLookbackSchedules(const std::vector<Step> &steps,
                           const PlanExecutorOptions &options,
                           const DeviceInfo &device, const Program *program,
                           std::vector<int64_t> &dims,
                           LookbackBinding &binding);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKBINDING_H
