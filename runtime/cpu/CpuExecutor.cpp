//===- CpuExecutor.cpp - Runs a plan on the host with TBB -----------------===//

#include "runtime/cpu/CpuExecutor.h"

#include "runtime/cpu/BlasThreads.h"
#include "runtime/cpu/LookbackSchedule.h"

#include <cblas.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <unordered_map>

namespace sluice::runtime {

namespace {
std::atomic<void (*)()> taskProbe{nullptr};

/// Work items per task are chosen so a task touches at least this many
/// elements (amortises the task overhead).
constexpr int64_t kElementsPerTask = 16384;
/// Tasks per worker thread: enough for load balance.
constexpr int64_t kTasksPerThread = 4;
/// The fewest rows of a matmul's slab (one BLAS call each).
constexpr int64_t kMinSlabRows = 64;

std::string shapeWithDims(const Plan &plan, const ValueSpec &spec) {
  std::string s = "[";
  for (size_t d = 0; d < spec.dims.size(); ++d) {
    if (d)
      s += ", ";
    s += spec.dims[d] >= 0 ? plan.dimNames[spec.dims[d]]
                           : std::to_string(spec.literal[d]);
  }
  return s + "]";
}

/// `bound` per thread times `threads`, saturating (0 and INT64_MAX stay).
int64_t scaledBound(int64_t bound, int64_t threads) {
  if (bound <= 0 || bound == INT64_MAX)
    return bound;
  return bound > INT64_MAX / threads ? INT64_MAX : bound * threads;
}

/// Flushes denormal results to zero while it lives (x86 MXCSR FTZ; inputs
/// are not treated as zero). Only the look-back scan's aggregate kernel runs
/// under it: a lane's product of decays (0.9^4096) passes through denormals,
/// which cost ~100x on x86, and a coefficient product below FLT_MIN changes
/// the lane's map by less than FLT_MIN times the carry. Everything else keeps
/// denormals, as the reference does.
class FlushDenormals {
public:
  FlushDenormals() {
#if defined(__SSE__)
    saved = _mm_getcsr();
    _mm_setcsr(saved | 0x8000);
#endif
  }
  ~FlushDenormals() {
#if defined(__SSE__)
    _mm_setcsr(saved);
#endif
  }
  FlushDenormals(const FlushDenormals &) = delete;
  FlushDenormals &operator=(const FlushDenormals &) = delete;

private:
  unsigned saved = 0;
};

/// The state of one call: bound dims and buffer memory.
struct Call {
  const Plan &plan;
  std::vector<int64_t> dims; ///< model dims, then loop counters
  std::vector<Tensor> memory;
  std::vector<void *> pointers;
  int64_t threads = availableThreads(); ///< decides per-thread guards

  void *pointer(int32_t buffer) {
    if (!pointers[buffer]) {
      const BufferSpec &spec = plan.buffers[buffer];
      std::vector<int64_t> shape;
      for (const SizeExpr &s : spec.shape)
        shape.push_back(s.evaluate(dims));
      memory[buffer] =
          Tensor::uninitialized(spec.dtype, shape, describeBuffer(plan, spec));
      pointers[buffer] = memory[buffer].data();
    }
    return pointers[buffer];
  }

  /// The deferred steps' kernels this call has looked up (a loop's body
  /// asks again each trip; Plan::deferredKernel takes the JIT's lock).
  std::unordered_map<const Step *, KernelFn> deferredKernels;

  /// The kernel of Kernel step `step`: its own, or (inside a deferred
  /// step) the one the compiler made on first use (Plan::deferredKernel).
  KernelFn kernelOf(const Step &step) {
    if (step.kernel)
      return step.kernel;
    auto found = deferredKernels.find(&step);
    if (found != deferredKernels.end())
      return found->second;
    if (!plan.deferredKernel)
      throw Error("kernel '" + step.name + "' of model '" + plan.model +
                  "' has no code (a plan read without its kernels?)");
    KernelFn kernel = plan.deferredKernel(step);
    deferredKernels.emplace(&step, kernel);
    return kernel;
  }

  void runKernel(const Step &step) {
    int64_t items = step.range.evaluate(dims);
    if (items <= 0)
      return;
    KernelFn kernel = kernelOf(step);
    std::vector<void *> args;
    for (int32_t b : step.buffers)
      args.push_back(pointer(b));
    const int64_t *dimValues = dims.data();
    if (step.sequential) {
      kernel(0, items, args.data(), dimValues);
      return;
    }
    int64_t grain = taskGrain(step, dims, availableThreads());
    if (items <= grain) {
      kernel(0, items, args.data(), dimValues);
      return;
    }
    int64_t tasks = (items + grain - 1) / grain;
    void *const *argv = args.data();
    tbb::parallel_for(tbb::blocked_range<int64_t>(0, tasks, 1),
                      [&](const tbb::blocked_range<int64_t> &r) {
                        if (auto probe = taskProbe.load(std::memory_order_relaxed))
                          probe();
                        for (int64_t t = r.begin(); t < r.end(); ++t) {
                          int64_t lo = t * grain;
                          int64_t hi = std::min(items, lo + grain);
                          kernel(lo, hi, argv, dimValues);
                        }
                      });
  }

  /// A matmul as slabs of rows on TBB, each slab one single-threaded BLAS
  /// call (useSingleThreadedBlas): with OpenBLAS's own threads, its worker
  /// spun in sched_yield after each call while TBB ran the next kernels
  /// (Hawk on two cores 10% slower; benchmarks/NOTES.md entry 32).
  void runMatmul(const Step &step) {
    int64_t batch = step.batch.evaluate(dims), m = step.rows.evaluate(dims);
    int64_t k = step.contraction.evaluate(dims), n = step.columns.evaluate(dims);
    void *lhs = pointer(step.buffers[0]), *rhs = pointer(step.buffers[1]);
    void *out = pointer(step.buffers[2]);
    bool f64 = plan.buffers[step.buffers[2]].dtype == DType::F64;
    if (batch * m * n == 0)
      return;
    useSingleThreadedBlas();
    // A few slabs per thread over all batches, none under kMinSlabRows rows.
    int64_t wanted = availableThreads() * kTasksPerThread;
    int64_t slabs = std::clamp<int64_t>((wanted + batch - 1) / batch, 1,
                                        (m + kMinSlabRows - 1) / kMinSlabRows);
    int64_t slabRows = (m + slabs - 1) / slabs;
    auto gemm = [&](int64_t task) {
      int64_t b = task / slabs, first = task % slabs * slabRows;
      int64_t rows = std::min(slabRows, m - first);
      if (rows <= 0)
        return;
      int64_t rhsOffset = step.rhsBatched ? b * k * n : 0;
      int64_t lhsOffset = (b * m + first) * k, outOffset = (b * m + first) * n;
      if (f64)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, n, k, 1.0,
                    static_cast<double *>(lhs) + lhsOffset, k,
                    static_cast<double *>(rhs) + rhsOffset, n, 0.0,
                    static_cast<double *>(out) + outOffset, n);
      else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, n, k, 1.0f,
                    static_cast<float *>(lhs) + lhsOffset, k,
                    static_cast<float *>(rhs) + rhsOffset, n, 0.0f,
                    static_cast<float *>(out) + outOffset, n);
    };
    if (batch * slabs == 1) {
      gemm(0);
      return;
    }
    tbb::parallel_for(int64_t(0), batch * slabs, gemm);
  }

  /// The blocks through their aggregate, carry and apply kernels, on a
  /// schedule that never waits on a worker while work is left
  /// (LookbackSchedule.h).
  void runLookback(const Step &step) {
    int64_t blocks = step.range.evaluate(dims);
    int64_t per = step.blockItems.evaluate(dims);
    if (blocks <= 0 || per <= 0)
      return;
    const Step &aggregate = step.body[0], &carry = step.body[1],
               &apply = step.body[2];
    auto argsOf = [&](const Step &s) {
      std::vector<void *> args;
      for (int32_t b : s.buffers)
        args.push_back(pointer(b));
      return args;
    };
    std::vector<void *> aggArgs = argsOf(aggregate), carryArgs = argsOf(carry),
                        applyArgs = argsOf(apply);
    KernelFn aggregateKernel = kernelOf(aggregate),
             carryKernel = kernelOf(carry), applyKernel = kernelOf(apply);
    const int64_t *dimValues = dims.data();
    LookbackStages stages;
    stages.aggregate = [&](int64_t b) {
      FlushDenormals flush;
      aggregateKernel(b * per, (b + 1) * per, aggArgs.data(), dimValues);
    };
    stages.carry = [&](int64_t b) {
      carryKernel(b * per, (b + 1) * per, carryArgs.data(), dimValues);
    };
    stages.apply = [&](int64_t b) {
      applyKernel(b * per, (b + 1) * per, applyArgs.data(), dimValues);
    };
    runLookbackSchedule(blocks, availableThreads(), stages);
  }

  /// The deferred steps of `steps` this call selects (inside the loops it
  /// runs too), to compile in one batch before the first runs.
  void collectDeferred(const std::vector<Step> &steps,
                       std::vector<const Step *> &out) {
    for (const Step &step : steps) {
      if (!stepSelected(step, dims, threads))
        continue;
      if (step.deferred)
        out.push_back(&step);
      else if (step.kind == Step::Kind::Loop)
        collectDeferred(step.body, out);
    }
  }

  void run(const std::vector<Step> &steps) {
    for (const Step &step : steps) {
      if (!stepSelected(step, dims, threads))
        continue;
      if (step.deferred && plan.compileDeferredSteps)
        plan.compileDeferredSteps({&step});
      switch (step.kind) {
      case Step::Kind::Kernel:
        if (step.groupLanes.constant != 0) // (CPU plans have none)
          throw Error("kernel '" + step.name + "' of model '" + plan.model +
                      "' runs in OpenCL work-groups: the CPU executor cannot "
                      "run it");
        runKernel(step);
        break;
      case Step::Kind::Matmul:
        runMatmul(step);
        break;
      case Step::Kind::Lookback:
        runLookback(step);
        break;
      case Step::Kind::Loop: {
        int64_t trips = step.range.evaluate(dims);
        for (int64_t i = 0; i < trips; ++i) {
          dims[step.counter] = step.reverse ? trips - 1 - i : i;
          run(step.body);
        }
        break;
      }
      }
    }
  }
};
} // namespace

int64_t availableThreads() {
  return std::max(1, tbb::this_task_arena::max_concurrency());
}

bool stepSelected(const Step &step, const std::vector<int64_t> &dims,
                  int64_t threads) {
  int64_t guard = step.guard.evaluate(dims);
  int64_t lo = step.guardMin, hi = step.guardMax;
  if (step.guardPerThread) {
    lo = scaledBound(lo, std::max<int64_t>(1, threads));
    hi = scaledBound(hi, std::max<int64_t>(1, threads));
  }
  bool channels = lo <= guard && guard < hi;
  if (step.widthMin > 0 || step.widthMax != INT64_MAX) {
    int64_t width = step.widthGuard.evaluate(dims);
    if (width < step.widthMin || width >= step.widthMax)
      return false;
  }
  if (step.minSteps <= 0)
    return channels;
  bool fewSteps = step.stepGuard.evaluate(dims) < step.minSteps;
  return step.runsOnFewSteps ? channels || fewSteps : channels && !fewSteps;
}

std::vector<int64_t> bindDims(const Plan &plan, const std::vector<Tensor> &args) {
  if (args.size() != plan.arguments.size())
    throw BindError("model '" + plan.model + "' takes " +
                    std::to_string(plan.arguments.size()) + " arguments, got " +
                    std::to_string(args.size()));
  std::vector<int64_t> dims(plan.dimNames.size(), -1);
  std::vector<std::string> boundBy(plan.dimNames.size());
  for (size_t i = 0; i < args.size(); ++i) {
    const ValueSpec &spec = plan.arguments[i];
    const Tensor &t = args[i];
    if (t.isNull())
      throw BindError("no value for " + std::string(spec.isParam ? "param" : "input") +
                      " '" + spec.name + "'");
    if (t.dtype() != spec.dtype)
      throw BindError("'" + spec.name + "' must be " + dtypeName(spec.dtype) +
                      ", got " + dtypeName(t.dtype()));
    if (t.rank() != static_cast<int64_t>(spec.dims.size()))
      throw BindError("'" + spec.name + "' must have shape " +
                      shapeWithDims(plan, spec) + ", got " +
                      shapeToString(t.shape()));
    for (size_t d = 0; d < spec.dims.size(); ++d) {
      int64_t size = t.dim(d);
      if (spec.dims[d] < 0) {
        if (size != spec.literal[d])
          throw BindError("dim " + std::to_string(d) + " of '" + spec.name +
                          "' must be " + std::to_string(spec.literal[d]) +
                          ", got " + std::to_string(size));
        continue;
      }
      int32_t dim = spec.dims[d];
      if (dims[dim] < 0) {
        dims[dim] = size;
        boundBy[dim] = spec.name;
      } else if (dims[dim] != size) {
        throw BindError("dim '" + plan.dimNames[dim] + "' is " +
                        std::to_string(dims[dim]) + " in '" + boundBy[dim] +
                        "' but " + std::to_string(size) + " in '" + spec.name +
                        "'");
      }
    }
  }
  for (int64_t &d : dims)
    if (d < 0)
      d = 1; // a dim no argument has: nothing is sized by it
  for (const Requirement &r : plan.requirements)
    if (r.size.evaluate(dims) < r.minimum)
      throw BindError(r.message);
  return dims;
}

void setTaskProbe(void (*probe)()) { taskProbe.store(probe); }

int64_t taskGrain(const Step &step, const std::vector<int64_t> &dims,
                  int64_t threads) {
  int64_t items = step.range.evaluate(dims);
  int64_t itemSize = std::max<int64_t>(1, step.itemSize.evaluate(dims));
  // Enough elements per task to amortise it, and no more tasks than a few
  // per thread (contiguous work items stream through memory together).
  int64_t grain = std::max<int64_t>(1, kElementsPerTask / itemSize);
  grain = std::max(grain, (items + threads * kTasksPerThread - 1) /
                              (threads * kTasksPerThread));
  int64_t tile = std::max<int64_t>(1, step.minGrain);
  // Whole rows, where there are rows enough for every thread; a row
  // narrower than the tile is the tile then (rows of 8 channels: 4 rows
  // were one task of 64 items, one thread for all).
  int64_t row = step.rowItems.constant != 0 ? step.rowItems.evaluate(dims) : 0;
  bool wholeRows = row > 0 && items / row >= threads;
  if (wholeRows && row < tile)
    tile = row;
  grain = (grain + tile - 1) / tile * tile;
  if (wholeRows)
    grain = (grain + row - 1) / row * row;
  return grain;
}

namespace {
/// "B=4294967296, T=1": the bound values of the model dims.
std::string dimValues(const Plan &plan, const std::vector<int64_t> &dims) {
  std::string s;
  for (size_t d = 0; d < plan.dimNames.size() && d < dims.size(); ++d)
    s += (s.empty() ? "" : ", ") + plan.dimNames[d] + "=" + std::to_string(dims[d]);
  return s;
}
} // namespace

void checkBufferSizes(const Plan &plan, const std::vector<int64_t> &dims) {
  std::vector<int64_t> all(dims);
  all.resize(plan.dimNames.size() + plan.numCounters, 0);
  for (const BufferSpec &spec : plan.buffers) {
    std::string what = describeBuffer(plan, spec);
    std::vector<int64_t> shape;
    for (const SizeExpr &size : spec.shape) {
      try {
        shape.push_back(size.evaluate(all));
      } catch (const SizeOverflow &) {
        throw BindError("the size " + sizeToString(size, plan.dimNames) +
                        " of " + what + " overflows int64 for " +
                        dimValues(plan, dims));
      }
    }
    try {
      byteSizeOf(spec.dtype, shape, what);
    } catch (const Error &e) {
      throw BindError(std::string(e.what()) + " (" + dimValues(plan, dims) + ")");
    }
  }
}

int64_t estimateTraffic(const Plan &plan, const std::vector<int64_t> &dims) {
  std::vector<int64_t> all(dims);
  all.resize(plan.dimNames.size() + plan.numCounters, 1);
  int64_t threads = availableThreads();
  std::function<int64_t(const std::vector<Step> &)> count =
      [&](const std::vector<Step> &steps) {
        int64_t bytes = 0;
        for (const Step &step : steps) {
          if (!stepSelected(step, all, threads))
            continue;
          // Checked: a count past int64 is an error, not a wrapped number.
          auto add = [](int64_t a, int64_t b) {
            int64_t r;
            if (__builtin_add_overflow(a, b, &r))
              throw SizeOverflow("the traffic estimate overflows int64");
            return r;
          };
          auto multiply = [](int64_t a, int64_t b) {
            int64_t r;
            if (!multiplySizes(a, b, r))
              throw SizeOverflow("the traffic estimate overflows int64");
            return r;
          };
          int64_t perTrip = 0;
          for (int32_t b : step.buffers) {
            const BufferSpec &spec = plan.buffers[b];
            perTrip = add(perTrip, multiply(productOf(spec.shape).evaluate(all),
                                            static_cast<int64_t>(dtypeSize(spec.dtype))));
          }
          if (step.kind == Step::Kind::Loop)
            perTrip = multiply(count(step.body), step.range.evaluate(all));
          if (step.kind == Step::Kind::Lookback)
            perTrip = count(step.body);
          bytes = add(bytes, perTrip);
        }
        return bytes;
      };
  return count(plan.steps);
}

namespace {
/// The bytes [begin, end) of a contiguous tensor's elements.
std::pair<const char *, const char *> bytesOf(const Tensor &t) {
  const char *begin = static_cast<const char *>(t.data());
  return {begin, begin + t.numElements() * static_cast<int64_t>(dtypeSize(t.dtype()))};
}

/// Kernels assume that a buffer they write shares no memory with any other
/// buffer of their step (codegen/cpu/KernelBuilder: alias scopes), so a
/// tensor given for an output must not overlap an argument or another
/// output.
void checkOutputsDoNotOverlap(const Plan &plan, const std::vector<Tensor> &memory) {
  for (const ValueSpec &out : plan.results) {
    const Tensor &t = memory[out.buffer];
    if (t.isNull() || t.numElements() == 0 ||
        plan.buffers[out.buffer].kind != BufferSpec::Kind::Result)
      continue;
    auto [begin, end] = bytesOf(t);
    for (size_t b = 0; b < memory.size(); ++b) {
      const Tensor &other = memory[b];
      if (static_cast<int32_t>(b) == out.buffer || other.isNull() ||
          other.numElements() == 0)
        continue;
      auto [otherBegin, otherEnd] = bytesOf(other);
      if (begin < otherEnd && otherBegin < end)
        throw BindError("the tensor given for output '" + out.name +
                        "' overlaps the memory of '" + plan.buffers[b].name +
                        "': outputs must not share memory with inputs, "
                        "params or other outputs");
    }
  }
}
} // namespace

std::vector<Tensor> executeOnCpu(const Plan &plan, const std::vector<Tensor> &args,
                                 const std::vector<Tensor> *into) {
  Call call{plan, bindDims(plan, args), {}, {}};
  checkBufferSizes(plan, call.dims);
  call.dims.resize(plan.dimNames.size() + plan.numCounters, 0);
  call.memory.resize(plan.buffers.size());
  call.pointers.assign(plan.buffers.size(), nullptr);
  for (size_t b = 0; b < plan.buffers.size(); ++b) {
    const BufferSpec &spec = plan.buffers[b];
    if (spec.kind != BufferSpec::Kind::Argument)
      continue;
    const Tensor &arg = args[spec.index];
    call.memory[b] =
        arg.isContiguous()
            ? arg
            : arg.clone("a contiguous copy of '" +
                        plan.arguments[spec.index].name + "' of model '" +
                        plan.model + "'");
    call.pointers[b] = call.memory[b].data();
  }
  if (into) {
    for (size_t r = 0; r < plan.results.size() && r < into->size(); ++r) {
      const Tensor &t = (*into)[r];
      const ValueSpec &spec = plan.results[r];
      if (t.isNull() || call.pointers[spec.buffer])
        continue;
      std::vector<int64_t> shape;
      for (const SizeExpr &s : plan.buffers[spec.buffer].shape)
        shape.push_back(s.evaluate(call.dims));
      if (t.dtype() != spec.dtype || t.shape() != shape || !t.isContiguous())
        throw BindError("the tensor given for output '" + spec.name +
                        "' must be a contiguous " + dtypeName(spec.dtype) +
                        " tensor of shape " + shapeToString(shape) + ", got " +
                        dtypeName(t.dtype()) + " " + shapeToString(t.shape()));
      call.memory[spec.buffer] = t;
      call.pointers[spec.buffer] = call.memory[spec.buffer].data();
    }
    checkOutputsDoNotOverlap(plan, call.memory);
  }
  if (plan.compileDeferredSteps) {
    std::vector<const Step *> deferred;
    call.collectDeferred(plan.steps, deferred);
    if (!deferred.empty())
      plan.compileDeferredSteps(deferred);
  }
  call.run(plan.steps);
  std::vector<Tensor> results;
  for (const ValueSpec &spec : plan.results) {
    call.pointer(spec.buffer); // a zero-sized result is still allocated
    results.push_back(call.memory[spec.buffer]);
  }
  return results;
}

} // namespace sluice::runtime
