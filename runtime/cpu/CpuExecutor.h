//===- CpuExecutor.h - Runs a plan on the host with TBB ---------*- C++ -*-===//
#ifndef SLUICE_RUNTIME_CPU_CPUEXECUTOR_H
#define SLUICE_RUNTIME_CPU_CPUEXECUTOR_H

#include "runtime/Error.h"
#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <stdexcept>
#include <vector>

namespace sluice::runtime {

/// A problem with the tensors a caller passed (missing, wrong dtype, a shape
/// that disagrees with the model's dims). The message names the argument,
/// the dim and both sizes. Also: a model size that overflows int64 for the
/// bound dims, naming the buffer, its shape and the dims.
class BindError : public Error {
public:
  using Error::Error;
};

/// Checks `args` (one per Plan::arguments, in order) against the plan and
/// returns the value of every model dim. Throws BindError.
std::vector<int64_t> bindDims(const Plan &plan, const std::vector<Tensor> &args);

/// Checks that every buffer of `plan` has a size that fits in int64 bytes
/// for the bound `dims` (before anything is allocated or a kernel indexes
/// it); throws BindError naming the buffer, its shape and the dims.
void checkBufferSizes(const Plan &plan, const std::vector<int64_t> &dims);

/// For tests: when set, called on the thread running each parallel task of
/// a kernel step (to observe how many threads a call uses). Not for use
/// while calls run.
void setTaskProbe(void (*probe)());

/// The work items of one task of kernel step `step` for these dims with
/// `threads` worker threads: ~16K elements or more, a few tasks a thread,
/// a multiple of the step's tile (Step::minGrain), and whole rows
/// (Step::rowItems) where there are at least `threads` rows.
int64_t taskGrain(const Step &step, const std::vector<int64_t> &dims,
                  int64_t threads);

/// Runs `plan` (kernels resolved) on `args`; returns the results in order.
/// `into`, when given, holds one tensor per result: a contiguous tensor of
/// the result's dtype and shape is written in place (its memory is reused),
/// a null one is allocated. Safe to call from many threads at once on the
/// same plan: every call has its own buffers.
std::vector<Tensor> executeOnCpu(const Plan &plan, const std::vector<Tensor> &args,
                                 const std::vector<Tensor> *into = nullptr);

/// The worker threads a call made now on this thread can use (the current
/// TBB arena's concurrency: an embedder's tbb::task_arena limits it). The
/// plan's per-thread guards (Step::guardPerThread) are decided with it.
int64_t availableThreads();

/// Whether `step` runs for these dims with `threads` worker threads (its
/// guards, see Step::guard, Step::guardPerThread and Step::minSteps).
bool stepSelected(const Step &step, const std::vector<int64_t> &dims,
                  int64_t threads);

/// The bytes the plan's steps read and write for these dims, counting each
/// buffer once per step that uses it (a measure of fusion: compare with the
/// unique bytes of the arguments and results).
int64_t estimateTraffic(const Plan &plan, const std::vector<int64_t> &dims);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_CPUEXECUTOR_H
