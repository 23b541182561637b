//===- Plan.h - What the compiler hands the runtime -------------*- C++ -*-===//
//
// A compiled model, seen from the runtime: its arguments and results, the
// buffers it needs, and the ordered steps (kernel launches and library calls)
// that fill them. Sizes are expressions over the model's dims, bound at run
// time from the arguments' shapes. Pure C++17: no LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_PLAN_H
#define SLUICE_RUNTIME_PLAN_H

#include "runtime/Error.h"
#include "runtime/Tensor.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sluice::runtime {

/// A size expression whose value does not fit in int64 for the bound dims.
class SizeOverflow : public Error {
public:
  using Error::Error;
};

/// A size known at run time: `constant` times the product of the model dims
/// listed in `dims` (indices into Plan::dimNames), divided by `divisor`
/// times the product of the dims in `divisorDims` (schedule parameters such
/// as a look-back chunk, Step::chunkDim), rounding up.
struct SizeExpr {
  int64_t constant = 1;
  std::vector<int32_t> dims;
  int64_t divisor = 1;
  std::vector<int32_t> divisorDims;

  /// A literal size.
  static SizeExpr literal(int64_t value) { return SizeExpr{value, {}}; }
  /// One model dim.
  static SizeExpr dim(int32_t index) { return SizeExpr{1, {index}}; }
  /// The product of two sizes (both with divisor 1).
  SizeExpr operator*(const SizeExpr &other) const;
  /// This size divided by `d`, rounding up.
  SizeExpr ceilDiv(int64_t d) const {
    SizeExpr r = *this;
    r.divisor *= d;
    return r;
  }
  /// This size divided by dim `dim`'s value, rounding up.
  SizeExpr ceilDivByDim(int32_t dim) const {
    SizeExpr r = *this;
    r.divisorDims.push_back(dim);
    return r;
  }
  /// The value for the bound dims; throws SizeOverflow when a product
  /// overflows int64, Error when a divisor dim is not positive.
  int64_t evaluate(const std::vector<int64_t> &dimValues) const;
};

/// "ceil(B*T/32)": `size` over the dim names `names`.
std::string sizeToString(const SizeExpr &size,
                         const std::vector<std::string> &names);

/// The product of `shape`'s sizes.
SizeExpr productOf(const std::vector<SizeExpr> &shape);

/// One buffer of the plan, filled by a step, or bound to an argument.
struct BufferSpec {
  enum class Kind {
    Argument,  ///< the caller's tensor `index` (read only)
    Temporary, ///< allocated per call
    Result,    ///< allocated per call and returned as output `index`
  };
  Kind kind = Kind::Temporary;
  int32_t index = -1;
  DType dtype = DType::F32;
  std::vector<SizeExpr> shape;
  std::string name; ///< for messages and dumps
};

/// The signature of every JIT-compiled kernel: it runs work items
/// `[begin, end)`, reading and writing `buffers` (the plan's buffers listed by
/// the step, in order) with the model dims bound to `dims`.
using KernelFn = void (*)(int64_t begin, int64_t end, void *const *buffers,
                          const int64_t *dims);

/// One launch.
struct Step {
  enum class Kind {
    Kernel, ///< `kernel` over work items [0, range), in parallel by `grain`
    Matmul, ///< buffers {lhs, rhs, out}: out[b, m, :] = lhs[b, m, :] @ rhs[b]
    Loop,   ///< runs `body` `range` times in order; the iteration's storage
            ///< index (counting down when `reverse`) is dims[counter]
    Lookback, ///< a single-pass scan over `range` blocks of `blockItems` work
              ///< items: body = {aggregate, carry, apply} kernels; carries
              ///< run in block order, aggregates and applies on any worker
              ///< (runtime/cpu/LookbackSchedule.h). OpenCL plans add 3
              ///< kernels per carry-tree level (compose, top, expand;
              ///< codegen/cpu/ScanCarryTree.h), their fanout in
              ///< dims[counter]
  };
  Kind kind = Kind::Kernel;
  std::string name; ///< the kernel's symbol, or a description
  std::vector<int32_t> buffers;
  SizeExpr range; ///< Kernel: number of work items
  /// Kernel: elements touched per work item; the runtime groups items into
  /// tasks of at least ~16K elements.
  SizeExpr itemSize;
  /// Kernel: tasks hold a multiple of this many work items (a tile).
  int64_t minGrain = 1;
  /// Kernel: the work items come in rows of this many (a channel-parallel
  /// scan's row of channels, which it walks T over); the runtime gives a
  /// task whole rows where there are rows enough for every thread (0: no
  /// rows). A piece of a row walks T with its rows strided: RWKV-4 at
  /// (4, 2048, 1024) on 2 threads took 7.9 ms in half rows, 5.7 in rows.
  SizeExpr rowItems = SizeExpr::literal(0);
  bool sequential = false;   ///< Kernel: run [0, range) as one call, in order
  KernelFn kernel = nullptr; ///< Kernel: resolved after JIT compilation
  /// Runs only when guardMin <= guard < guardMax (a schedule chosen at run
  /// time, e.g. channel-parallel vs chunked scan by the channel count).
  SizeExpr guard;
  int64_t guardMin = 0;
  int64_t guardMax = INT64_MAX;
  /// The guard's bounds count per thread: the step runs when
  /// guardMin * threads <= guard < guardMax * threads, with the threads
  /// available to the call when it runs (runtime::availableThreads()), not
  /// those of the machine that compiled the plan. Bounds 0 and INT64_MAX stay.
  bool guardPerThread = false;
  /// A second guard, on the length of a scan's axis (`#sl.schedule`'s
  /// lookback_min_steps), where minSteps > 0: the look-back alternative
  /// (`runsOnFewSteps` false) runs only when its channel guard holds and
  /// stepGuard >= minSteps; the channel-parallel one (`runsOnFewSteps`
  /// true) when its channel guard holds or stepGuard < minSteps. Exactly one
  /// alternative still runs.
  SizeExpr stepGuard;
  int64_t minSteps = 0;
  bool runsOnFewSteps = false;
  /// A third guard, on the width of a channel-parallel scan's rows (its
  /// channels along the last dim), where widthMin > 0 or widthMax is set:
  /// the step runs only when widthMin <= widthGuard < widthMax as well (the
  /// CPU's kernel that walks each channel with its state in registers
  /// takes rows narrower than TargetInfo::registerWalkBelowChannels, the
  /// row walk the others).
  SizeExpr widthGuard;
  int64_t widthMin = 0;
  int64_t widthMax = INT64_MAX;
  /// Matmul: batch count, rows per batch, contraction and columns; `rhsBatched`
  /// when rhs has one [K, N] matrix per batch (else one shared matrix).
  SizeExpr batch, rows, contraction, columns;
  bool rhsBatched = false;
  /// Kernel: a scan fused with a sum over one of its state dims, run in
  /// work-groups (OpenCL, codegen/cpu/ScanReduceGroupKernel.cpp): `range`
  /// counts reduction groups of `groupLanes` state channels, one work-item
  /// each, every group inside one work-group (runtime/opencl/KernelAbi.h).
  /// Where a group does not fit a work-group of the device, `body` (the
  /// scan and the reduction apart) runs instead. 0: a plain kernel.
  SizeExpr groupLanes = SizeExpr::literal(0);
  /// Lookback: work items per block.
  SizeExpr blockItems;
  /// Lookback: the dim holding the steps per lane of its kernels when that
  /// is a run-time schedule parameter (TargetInfo::runtimeLaneSteps; its
  /// range and temporaries are sized by it), bound by the executor (the
  /// tuning cache, else a default rule, runtime/opencl/LookbackTuning.h);
  /// -1 when the kernels have it built in.
  int32_t chunkDim = -1;
  /// Lookback: the length of the scanned axis (what the chunk divides).
  SizeExpr scanSteps;
  /// Lookback: the elements between one step of a channel and the next in
  /// the scan's buffers (the product of the dims after the axis): 1 when
  /// each channel's steps are contiguous (rows, as in a `[B, T]` input).
  /// Literal 0 where the plan does not say (artifacts written before it).
  SizeExpr stepStride = SizeExpr::literal(0);
  /// Lookback: the steps a work-item holds of a block in its channel-group
  /// walk kernel and in its row one-pass kernel (OpenCL, runtime/opencl/
  /// KernelAbi.h), as the code generator made their tile functions; 0
  /// where the plan does not say (artifacts written before: the OpenCL
  /// runtime's defaults).
  int32_t walkPartSteps = 0;
  int32_t rowsPartSteps = 0;
  /// The kernels of this step (and its body) are compiled on first use:
  /// their Step::kernel stays null, Plan::deferredKernel gives them.
  bool deferred = false;
  /// Loop: the steps of one iteration, and where the counter goes
  /// (Lookback: where the carry tree's fanout goes, -1 without a tree).
  std::vector<Step> body;
  bool reverse = false;
  int32_t counter = -1;
};

/// One argument (input or param) or result of the model.
struct ValueSpec {
  std::string name;
  bool isParam = false; ///< arguments: a param rather than an input
  DType dtype = DType::F32;
  /// Per dim: a model dim index, or -1 for a literal size in `literal`.
  std::vector<int32_t> dims;
  std::vector<int64_t> literal;
  int32_t buffer = -1; ///< the plan buffer holding it
};

/// A condition on the bound dims that a call must meet: `size >= minimum`,
/// else the call fails with `message`.
struct Requirement {
  SizeExpr size;
  int64_t minimum = 1;
  std::string message;
};

struct Plan;

/// The plan's dims that are schedule parameters (the Lookback steps'
/// Step::chunkDim, Loop bodies included), bound by the executor rather
/// than by the arguments, in dim order.
std::vector<int32_t> scheduleDims(const Plan &plan);

/// Plan::dimNames without the schedule parameters: the dims a user binds.
std::vector<std::string> modelDimNames(const Plan &plan);

/// How messages of every executor name plan buffer `spec`: a result by its
/// output's name in the model (a scan's state `h` rather than its buffer
/// kind, `scan`), any other buffer by its name.
std::string describeBuffer(const Plan &plan, const BufferSpec &spec);

/// A whole compiled model.
struct Plan {
  std::string model;
  std::vector<std::string> dimNames;
  std::vector<ValueSpec> arguments; ///< inputs then params
  std::vector<ValueSpec> results;
  std::vector<BufferSpec> buffers;
  std::vector<Step> steps;
  /// Checked once the dims are bound, before any step runs.
  std::vector<Requirement> requirements;
  /// Loop counters appended after the dims in the array kernels receive.
  int32_t numCounters = 0;
  /// Compiles the kernels of the given deferred steps (and their bodies)
  /// not compiled yet, in one batch; thread-safe, idempotent. A call gives
  /// it the deferred steps its dims select, so that it compiles only the
  /// kernels it runs. Set by the compiler when the plan has deferred steps;
  /// running a plan never changes it: the compiled kernels are found
  /// through deferredKernel.
  std::function<void(const std::vector<const Step *> &)> compileDeferredSteps;
  /// The kernel of a Kernel step inside a deferred step (its Step::kernel
  /// is null), compiled first where compileDeferredSteps has not;
  /// thread-safe. Set with compileDeferredSteps.
  std::function<KernelFn(const Step &)> deferredKernel;

  /// A readable listing (`sluice dump --stage plan`).
  std::string str() const;
};

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_PLAN_H
