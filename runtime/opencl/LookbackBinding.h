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

/// Whether a kernel of Lookback step `step` reads or writes a buffer of
/// 16-bit elements (of `buffers`): the walk then takes blocks of twice the
/// parts (on the H200 h = a*h + b in bf16 walked 53.5% of the copy at
/// chunk 256 and work-groups of 512, 45.1% at 128 and 256, against the
/// flag-word one pass's 49.1%; benchmarks/NOTES.md "Twentieth session").
bool narrowStorage(const Step &step, const std::vector<BufferSpec> &buffers);

/// Binds the schedule of every Lookback step of `steps` (in Loop bodies
/// too; `buffers`: the plan's) into `binding`: forced by
/// options.lookbackSchedules, else options.lookback or SLUICE_OPENCL_LOOKBACK
/// for the mode and SLUICE_OPENCL_LOOKBACK_CHUNK for the chunk, else the tuning
/// cache's entry (keyed by `device` and `program`'s source), else the defaults
/// (LookbackTuning.h, whose kernels `program` may lack; not the walk for a
/// step with 16-bit buffers). Writes each
/// step's chunk into `dims` and calls options.onLookbackSchedule.
void bindLookbackSchedules(const std::vector<Step> &steps,
                           const std::vector<BufferSpec> &buffers,
                           const PlanExecutorOptions &options,
                           const DeviceInfo &device, const Program *program,
                           std::vector<int64_t> &dims,
                           LookbackBinding &binding);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_LOOKBACKBINDING_H
