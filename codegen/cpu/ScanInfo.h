//===- ScanInfo.h - What the scan kernel generators know of an sl.scan -*- C++ -*-===//
//
// Shared by the scan strategies (ScanKernels.cpp) and the scan fused with a
// reduction of its state (ScanReduceKernel.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_SCANINFO_H
#define SLUICE_CODEGEN_CPU_SCANINFO_H

#include "codegen/cpu/CodegenContext.h"
#include "codegen/cpu/ExprEmitter.h"
#include "ir/SluiceOps.h"

#include <string>
#include <vector>

namespace sluice::codegen::cpu {

class SemiringMath;

/// One scan operand (a coefficient, forcing term or init) and where it sits.
struct Operand {
  mlir::Value value;
  DimMap map;
};

/// The scan's `#sl.schedule` (attached by sl-schedule), or, on a scan
/// without one (hand-written IR), the one sl-schedule gives it by default
/// for the context's target. Throws std::runtime_error, naming the scan's
/// location, when the schedule was chosen for another target.
sl::ScheduleAttr scheduleOf(CodegenContext &ctx, sl::ScanOp scan);

/// Everything the generators need to know about one sl.scan.
struct ScanInfo {
  sl::ScanOp op;
  int64_t k = 1;
  int axis = 0; ///< absolute scan axis of the results
  SymShape shape;
  mlir::Type compute;
  std::string matrix, forcing;
  llvm::SmallVector<Operand> m, f, init; ///< m: k*k (null for 0/1), f: k
  llvm::SmallVector<int32_t> outputs;
  /// Per component: true when nothing reads it over T (a companion state's
  /// copy of the previous value, LinOSS's second component): its output is
  /// then a buffer of one value per channel holding the latest state (read
  /// back by the CPU's row-walking scan), not a [.., T, ..] tensor.
  llvm::SmallVector<bool> stateOnly;
  /// How the scan runs (its `#sl.schedule`, see scheduleOf).
  sl::ScheduleAttr schedule;
  /// The look-back blocks' shape, from the schedule: lanes per block, steps
  /// per lane, steps per block.
  int64_t lanes = 8, laneSteps = 4112, blockSteps = 8 * 4112;
  /// The plan dim holding the steps per lane when they are a run-time
  /// schedule parameter (the schedule's `runtime_chunk`), else -1 (then
  /// `laneSteps` is built into the kernels).
  int32_t laneStepsDim = -1;

  ScanInfo(CodegenContext &ctx, sl::ScanOp scan) : op(scan) {
    schedule = scheduleOf(ctx, scan);
    lanes = schedule.getLanes();
    laneSteps = schedule.getLaneSteps();
    blockSteps = schedule.blockSteps();
    if (auto found = ctx.lookbackChunkDims.find(scan.getOperation());
        found != ctx.lookbackChunkDims.end())
      laneStepsDim = found->second;
    k = scan.getStateSize();
    shape = ctx.shapes.shape(scan.getResult(0));
    axis = static_cast<int>(shape.size()) + static_cast<int>(scan.getAxis());
    compute = KernelBuilder::computeType(
        mlir::cast<mlir::RankedTensorType>(scan.getResult(0).getType()).getElementType());
    matrix = scan.getMatrix().str();
    forcing = scan.getForcing().str();
    auto place = [&](mlir::Value v, char kind) {
      const SymShape &s = ctx.shapes.shape(v);
      return Operand{v, kind == 'v' ? alignTrailing(s, shape)
                                    : alignTrailing(s, shape, axis)};
    };
    unsigned next = 0;
    for (char c : matrix)
      m.push_back((c == 'v' || c == 'c') ? place(scan.getCoeffs()[next++], c)
                                         : Operand{});
    next = 0;
    for (char c : forcing)
      f.push_back((c == 'v' || c == 'c') ? place(scan.getInputs()[next++], c)
                                         : Operand{});
    for (mlir::Value v : scan.getInits())
      init.push_back(place(v, 'c'));
  }

  /// Registers every operand with an emitter.
  void collect(ExprEmitter &em) {
    collectSteps(em);
    for (Operand &o : init)
      if (o.value)
        em.collect(o.value, o.map);
  }
  /// Registers the per-step operands (coefficients and forcing terms, not
  /// the inits) with an emitter.
  void collectSteps(ExprEmitter &em) {
    for (auto *list : {&m, &f})
      for (Operand &o : *list)
        if (o.value)
          em.collect(o.value, o.map);
  }
  /// The operand elements at `coords`; where `fixed` holds a value for an
  /// operand (computed before, constant along the axis), that value.
  llvm::SmallVector<mlir::Value>
  emit(ExprEmitter &em, llvm::SmallVector<Operand> &list,
       llvm::ArrayRef<mlir::Value> coords,
       llvm::ArrayRef<mlir::Value> fixed = {}) {
    llvm::SmallVector<mlir::Value> result;
    for (auto [j, o] : llvm::enumerate(list)) {
      if (j < fixed.size() && fixed[j])
        result.push_back(fixed[j]);
      else
        result.push_back(o.value ? em.emit(o.value, o.map, coords)
                                 : mlir::Value());
    }
    return result;
  }
  /// The steps per lane, in a kernel.
  mlir::Value laneStepsValue(KernelBuilder &kb) const {
    return laneStepsDim >= 0 ? kb.dim(laneStepsDim) : kb.i64(laneSteps);
  }
  /// The steps per block, in a kernel.
  mlir::Value blockStepsValue(KernelBuilder &kb) const {
    return laneStepsDim >= 0 ? kb.mul(kb.i64(lanes), kb.dim(laneStepsDim))
                             : kb.i64(blockSteps);
  }
  /// The steps per block as a size expression.
  runtime::SizeExpr blockStepsSize() const {
    return laneStepsDim >= 0 ? runtime::SizeExpr::literal(lanes) *
                                   runtime::SizeExpr::dim(laneStepsDim)
                             : runtime::SizeExpr::literal(blockSteps);
  }
  /// The number of look-back blocks: ceil(T / steps per block).
  runtime::SizeExpr blockCount() const {
    runtime::SizeExpr blocks = shape[axis].size().ceilDiv(lanes);
    return laneStepsDim >= 0 ? blocks.ceilDivByDim(laneStepsDim)
                             : shape[axis].size().ceilDiv(blockSteps);
  }
  /// Adds a temporary plan buffer of `shape` in the scan's compute type
  /// (states, aggregates, carries, kept coefficients); returns its index.
  int32_t temporary(CodegenContext &ctx, const std::string &name,
                    std::vector<runtime::SizeExpr> shape) const {
    runtime::BufferSpec spec;
    spec.kind = runtime::BufferSpec::Kind::Temporary;
    spec.dtype = compute.isF64() ? runtime::DType::F64 : runtime::DType::F32;
    spec.shape = std::move(shape);
    spec.name = name;
    ctx.plan.buffers.push_back(spec);
    return static_cast<int32_t>(ctx.plan.buffers.size() - 1);
  }
  /// The channel count C as a size expression.
  runtime::SizeExpr channels() const {
    runtime::SizeExpr c = runtime::SizeExpr::literal(1);
    for (size_t d = 0; d < shape.size(); ++d)
      if (static_cast<int>(d) != axis)
        c = c * shape[d].size();
    return c;
  }
};

/// Row-major strides of `shape` as i64 values.
inline llvm::SmallVector<mlir::Value> stridesOf(KernelBuilder &kb, const SymShape &shape) {
  llvm::SmallVector<mlir::Value> strides(shape.size());
  mlir::Value s = kb.i64(1);
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    strides[d] = s;
    s = kb.mul(s, kb.size(shape[d]));
  }
  return strides;
}

/// Row-major strides of `shape` without dim `skip` (the result of a sum
/// over it), indexed by dim of `shape`; null at `skip`.
inline llvm::SmallVector<mlir::Value>
stridesWithout(KernelBuilder &kb, const SymShape &shape, int skip) {
  llvm::SmallVector<mlir::Value> strides(shape.size());
  mlir::Value s = kb.i64(1);
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    if (d == skip)
      continue;
    strides[d] = s;
    s = kb.mul(s, kb.size(shape[d]));
  }
  return strides;
}

/// The element offset of `coords` (set at every dim with a stride; a null
/// stride, stridesWithout's skipped dim, is left out).
inline mlir::Value offsetOf(KernelBuilder &kb,
                            llvm::ArrayRef<mlir::Value> coords,
                            llvm::ArrayRef<mlir::Value> strides) {
  mlir::Value off = kb.i64(0);
  for (size_t d = 0; d < coords.size(); ++d)
    if (strides[d])
      off = kb.add(off, kb.mul(coords[d], strides[d]));
  return off;
}

/// The step index in storage order for iteration step `s`.
inline mlir::Value storageStep(KernelBuilder &kb, bool reverse, mlir::Value s,
                               mlir::Value steps) {
  return reverse ? kb.sub(kb.sub(steps, kb.i64(1)), s) : s;
}

/// When the scan's state is read only by a sum or mean over one of its dims
/// (ScanReduceKernel.cpp), generates the scan and the reduction as one
/// kernel that never stores the state over T, and returns true.
bool generateScanWithReduction(CodegenContext &ctx, ScanInfo &info);

/// A scan whose one state is read only by `sum` or `mean` over a dim.
struct ScanReduce {
  sl::ReduceOp reduce;
  mlir::Value term;                   ///< the reduce's operand (the state or E(state))
  mlir::Operation *between = nullptr; ///< the element-wise op E, if any
  int dim = -1;                       ///< the reduced dim (absolute)
  /// The element-wise reader of the sum the kernel computes at the sum's
  /// store (#sl.schedule's fuse_epilogue; a skip connection), if any: the
  /// kernel's output is then its result, and the sum is never stored.
  mlir::Operation *epilogue = nullptr;
  /// The sum's dims (the epilogue's too) in the scan's space.
  DimMap sumMap;
  /// The reduce's result.
  mlir::Value sum() const {
    return const_cast<sl::ReduceOp &>(reduce).getResult();
  }
  /// The value the kernel stores: the epilogue's result, else the sum.
  mlir::Value output() const {
    return epilogue ? mlir::Value(epilogue->getResult(0)) : sum();
  }
};

/// The start of a scan+sum kernel (ScanReduceKernel.cpp): the state declared
/// computed by the kernel, the scan's operands and the sum's term collected.
void collectScanReduce(ExprEmitter &em, ScanInfo &info,
                       const ScanReduce &match);
/// The parts of a scan+sum kernel's coefficients and term that do not
/// change along T but do along the last dim (ExprEmitter::axisInvariantParts,
/// `across` as there), each with a `scan_invariant` buffer of one value per
/// state element (its slot in `slots`), computed before the walk.
void keepInvariantParts(CodegenContext &ctx, KernelStep &ks, ExprEmitter &em,
                        ScanInfo &info, const ScanReduce &match, int across,
                        llvm::SmallVectorImpl<std::pair<mlir::Value, DimMap>> &parts,
                        llvm::SmallVectorImpl<unsigned> &slots);
/// One state element of a CPU scan+sum kernel one step on, at `at` (the
/// element's kept parts already provided): its state loaded from and
/// stored to `statePtr[slot]`, bound as the scan's result; adds the sum's
/// term there into partial sum `i` of the stack array `sums` (`sumType`).
void advanceIntoSum(KernelBuilder &kb, ExprEmitter &em, ScanInfo &info,
                    SemiringMath &sr, const ScanReduce &match,
                    mlir::Value statePtr, mlir::Value slot,
                    llvm::ArrayRef<mlir::Value> at, mlir::Value sums,
                    mlir::Value i, mlir::Type sumType);
/// What a scan+sum kernel stores for `sum` (the sum at `at`, or the mean):
/// the sum itself, or its epilogue computed there (`em` then forgets every
/// element it held, hoisted ones included).
mlir::Value storedSum(ExprEmitter &em, const ScanReduce &match, mlir::Value sum,
                      llvm::ArrayRef<mlir::Value> at);
/// The end of a CPU scan+sum kernel: its remark, short-row mark and plan
/// step (`items` work items of `itemSize` elements, in tasks of a multiple
/// of `minGrain`), the sum's result in buffer `out`; `acrossStates`: each
/// item one channel, its states in vectors along the reduced dim.
void finishScanReduce(CodegenContext &ctx, KernelStep &ks, ScanInfo &info,
                      ScanReduce match, int32_t out, runtime::SizeExpr items,
                      runtime::SizeExpr itemSize, int64_t minGrain,
                      bool acrossStates = false);

/// generateScanWithReduction's kernel when the sum is over the last dim
/// (Mamba's sum(C * h, N); ScanReduceTiles.cpp): a work item walks T for a
/// tile of TargetInfo::scanReduceTile channels of the dim before it, its
/// loops over the tile vectorised across channels.
void generateScanReduceTiles(CodegenContext &ctx, ScanInfo &info,
                             ScanReduce match);

/// The OpenCL form of generateScanWithReduction
/// (TargetInfo::groupScanReductions, ScanReduceGroupKernel.cpp): the
/// channel-parallel alternative runs the scan and the sum in work-groups
/// (a plan step with Step::groupLanes, its fallback the two apart), the
/// look-back alternative the two apart. Returns false, generating nothing,
/// where it does not apply (a 16-bit result, an E computed by a kernel of
/// its own).
bool generateScanReduceGroups(CodegenContext &ctx, ScanInfo &info,
                              ScanReduce match);

/// Which of an `auto` schedule's two alternatives a plan step runs in.
enum class Alternative { ChannelParallel, Lookback };

/// Guards `step` as `side` of `info`'s strategy choice: on `channels`
/// against `threshold` (the channel-parallel side from that many channels,
/// the look-back below; per unit of parallelism, counted when a call runs,
/// with `perUnit`) and, where both sides are in the plan (0 < threshold <
/// INT64_MAX), on the steps of the scanned axis (`#sl.schedule`'s
/// lookback_min_steps, none where it is 0: the look-back needs that many,
/// the channel-parallel side runs on fewer whatever the channels).
void guardAlternative(runtime::Step &step, const ScanInfo &info,
                      runtime::SizeExpr channels, int64_t threshold,
                      bool perUnit, Alternative side);

/// The look-back alternative of `info` (ScanKernels.cpp): a Lookback step
/// guarded by `guard` < `threshold` (per thread with `perThread`) and, with
/// a channel-parallel alternative, by the schedule's steps (guardAlternative),
/// its outputs allocated.
void generateLookback(CodegenContext &ctx, ScanInfo &info,
                      runtime::SizeExpr guard, int64_t threshold,
                      bool perThread);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANINFO_H
