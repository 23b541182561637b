//===- KernelRemarks.cpp - What the CPU code generator did, as remarks ----===//

#include "codegen/cpu/KernelRemarks.h"
#include "passes/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {

/// The ops a kernel computes inline for `roots`: their fusable producers up
/// to the values it loads from buffers (and `bound`, the kernel's own
/// state), in program order; broadcasts and constants are left out.
SmallVector<Operation *> fusedProducers(CodegenContext &ctx,
                                        ArrayRef<Value> roots,
                                        Value bound = {}) {
  llvm::SetVector<Operation *> seen;
  SmallVector<Value> work(roots.begin(), roots.end());
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!v || v == bound || ctx.buffers.count(v))
      continue;
    Operation *def = v.getDefiningOp();
    if (!def || !isFusable(def) || !seen.insert(def))
      continue;
    for (Value operand : def->getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        work.push_back(operand);
  }
  SmallVector<Operation *> ops;
  for (Operation *op : seen)
    if (!isa<sl::BroadcastOp, arith::ConstantOp>(op))
      ops.push_back(op);
  llvm::sort(ops, [](Operation *a, Operation *b) {
    return a->getBlock() == b->getBlock() ? a->isBeforeInBlock(b) : a < b;
  });
  return ops;
}

/// `'exp' at 7:13, '*' at 8:20 (2 copies), 3 ops at 7:19` (at most
/// `limit`, then `and N more`). Ops sharing a location are counted
/// together there: copies of one op (recognition distributes an op over a
/// scan's terms) by its name, the ops of a builtin the frontend expands
/// as the builtin where they are marked with its name (logsigmoid), else as
/// `N ops`.
std::string listOps(ArrayRef<Operation *> ops, size_t limit = 8) {
  SmallVector<std::pair<Location, SmallVector<Operation *>>> groups;
  for (Operation *op : ops) {
    auto same = llvm::find_if(groups, [&](auto &g) { return g.first == op->getLoc(); });
    if (same == groups.end())
      groups.push_back({op->getLoc(), {op}});
    else
      same->second.push_back(op);
  }
  std::string out;
  for (size_t i = 0; i < groups.size() && i < limit; ++i) {
    out += i ? ", " : "";
    auto &[loc, members] = groups[i];
    auto at = loc->findInstanceOf<FileLineColLoc>();
    std::string first = describeOp(members.front());
    bool copies = llvm::all_of(members, [&](Operation *member) {
      return describeOp(member) == first;
    });
    // (The ops of a builtin spelled as one, such as logsigmoid, are that
    // builtin.)
    bool oneBuiltin = llvm::all_of(members, [](Operation *member) {
      return member->hasAttr(kSpelledAttr);
    });
    if (members.size() == 1 || !at || (copies && oneBuiltin))
      out += first;
    else if (copies) // (one op recognition distributed over a scan's terms)
      out += first + " (" + std::to_string(members.size()) + " copies)";
    else
      out += std::to_string(members.size()) + " ops at " +
             std::to_string(at.getLine()) + ":" +
             std::to_string(at.getColumn());
  }
  if (groups.size() > limit)
    out += " and " + std::to_string(groups.size() - limit) + " more";
  return out;
}

/// The operands of the scan that its kernels read.
SmallVector<Value> scanOperands(ScanInfo &info) {
  SmallVector<Value> roots;
  for (auto *list : {&info.m, &info.f, &info.init})
    for (Operand &o : *list)
      if (o.value)
        roots.push_back(o.value);
  return roots;
}

/// "f32[B, T, D]" of a value's symbolic shape.
std::string shapeText(CodegenContext &ctx, Value v) {
  std::string out = "[";
  const SymShape &shape = ctx.shapes.shape(v);
  for (size_t d = 0; d < shape.size(); ++d)
    out += (d ? ", " : "") +
           runtime::sizeToString(shape[d].size(), ctx.plan.dimNames);
  return out + "]";
}

/// The remark on the element-wise producers fused into the scan's kernels.
void remarkProducers(CodegenContext &ctx, ScanInfo &info,
                     ArrayRef<Operation *> producers) {
  if (!ctx.options.fusion)
    emitRemark(info.op.getLoc())
        << "scan kernel reads its operands from memory (--no-fusion: each "
           "element-wise op has its own kernel)";
  else if (producers.empty())
    emitRemark(info.op.getLoc())
        << "scan kernel reads its operands from memory (no element-wise "
           "producer to fuse)";
  else
    emitRemark(info.op.getLoc())
        << "scan kernel computes inside it " << listOps(producers)
        << " (fused: none of them is stored)";
}
} // namespace

void remarkScan(CodegenContext &ctx, ScanInfo &info) {
  if (!ctx.options.remarks)
    return;
  remarkProducers(ctx, info, fusedProducers(ctx, scanOperands(info)));
  sl::ScheduleAttr schedule = info.schedule;
  std::string channels =
      runtime::sizeToString(info.channels(), ctx.plan.dimNames);
  std::string lookback = "look-back over blocks of " +
                         std::to_string(schedule.blockSteps()) + " steps (" +
                         std::to_string(schedule.getLanes()) +
                         (schedule.getLanes() == 1 ? " lane" : " interleaved lanes") +
                         " of " + std::to_string(schedule.getLaneSteps()) +
                         " steps)";
  if (info.laneStepsDim >= 0) // the schedule's runtime_chunk
    lookback = "look-back over blocks of " +
               ctx.plan.dimNames[info.laneStepsDim] +
               " steps per lane (" + std::to_string(schedule.getLanes()) +
               (schedule.getLanes() == 1 ? " lane" : " lanes") +
               ", the chunk chosen per call: the tuning cache, else the shape "
               "and the device)";
  InFlightDiagnostic remark = emitRemark(info.op.getLoc());
  remark << "scan schedule: ";
  switch (schedule.getStrategy()) {
  case sl::ScanStrategy::channel_parallel:
    remark << "channel-parallel over the " << channels
           << " channels (strategy channel_parallel, forced by --schedule or --scan-strategy)";
    break;
  case sl::ScanStrategy::lookback:
    remark << lookback << ", parallel over blocks and the " << channels
           << " channels (strategy lookback, forced by --schedule or --scan-strategy)";
    break;
  case sl::ScanStrategy::automatic:
    remark << "chosen per call by the channel count " << channels
           << ": channel-parallel from " << schedule.getChannelThreshold()
           << (schedule.getPerUnit()
                   ? (schedule.getTarget() == sl::ScheduleTarget::opencl
                          ? " channels per compute unit"
                          : " channels per thread")
                   : " channels");
    if (schedule.getLookbackMinSteps() > 0)
      remark << " or below " << schedule.getLookbackMinSteps() << " steps";
    remark << ", else " << lookback
           << " (each alternative compiles when a call first selects it)";
    break;
  }
}

void remarkScanReduce(CodegenContext &ctx, ScanInfo &info, Operation *reduce,
                      Operation *between, Value term, int dim,
                      const runtime::SizeExpr &items, bool acrossStates,
                      Operation *sumReader) {
  if (!ctx.options.remarks)
    return;
  remarkProducers(ctx, info, fusedProducers(ctx, scanOperands(info)));
  Value state = info.op.getResult(0);
  SmallVector<Operation *> epilogue = fusedProducers(ctx, {term}, state);
  if (between)
    llvm::erase(epilogue, between);
  std::string dimName =
      runtime::sizeToString(info.shape[dim].size(), ctx.plan.dimNames);
  InFlightDiagnostic remark = emitRemark(info.op.getLoc());
  remark << "the " << userOpName(reduce) << " over " << dimName;
  if (auto at = reduce->getLoc()->findInstanceOf<FileLineColLoc>())
    remark << " at " << at.getLine() << ":" << at.getColumn();
  remark << " is computed inside the scan kernel";
  if (between)
    remark << " (with " << describeOp(between) << ")";
  if (!epilogue.empty())
    remark << ", its operand's producers too (" << listOps(epilogue) << ")";
  remark << "; the state " << shapeText(ctx, state)
         << " is never stored, each work item keeps one value per channel";
  if (sumReader)
    remark << "; the sum's reader " << describeOp(sumReader)
           << " is computed where the sum is stored (the sum itself is not)";
  remark.report();
  emitRemark(info.op.getLoc())
      << "scan schedule: " << runtime::sizeToString(items, ctx.plan.dimNames)
      << " work items, each walking T "
      << (acrossStates
              ? "for one channel, its states in vectors along " + dimName
              : std::string("over its channels"))
      << " (the scan fused with its reduction has no look-back alternative; "
         "--schedule strategy=lookback keeps them apart)";
}

void remarkLoop(CodegenContext &ctx, Operation *loop,
                const runtime::SizeExpr &items, bool sequentialItems,
                int64_t rowTile) {
  if (!ctx.options.remarks)
    return;
  if (sequentialItems)
    emitRemark(loop->getLoc())
        << "scan schedule: sequential, a loop over T in the plan whose "
           "body's kernels run once per step";
  else
    emitRemark(loop->getLoc())
        << "scan schedule: sequential over T in one kernel, parallel over the "
        << runtime::sizeToString(items, ctx.plan.dimNames) << " channels"
        << (rowTile > 0 ? ", " + std::to_string(rowTile) +
                              " side by side, their rows of T staged in "
                              "blocks of steps"
                        : std::string());
}

} // namespace sluice::codegen::cpu
