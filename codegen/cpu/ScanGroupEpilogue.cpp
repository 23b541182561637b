//===- ScanGroupEpilogue.cpp - What a scan group's kernel computes after --===//
//
// RWKV-4's `wkv` reads its three scans' states at t-1 and the inputs at t:
// computed by its own kernel, it reads three [B, T, D] tensors back that
// the scan kernel has just written. Computed in the group's kernel after the
// members' steps, it reads nothing back, and the states, read by nothing
// else, are never stored over T (the kernel keeps one value per channel):
// the kernel reads k and v and writes wkv, as the loop does.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ScanGroup.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SetVector.h"

#include <functional>

using namespace mlir;

namespace sluice::codegen::cpu {

GroupEpilogue findGroupEpilogue(CodegenContext &ctx, ArrayRef<sl::ScanOp> group) {
  GroupEpilogue none, ep;
  sl::ScanOp lead(group.front());
  if (group.size() < 2 || lead.getExclusive())
    return none;
  const SymShape &shape = ctx.shapes.shape(lead.getResult(0));
  int rank = static_cast<int>(shape.size());
  int axis = rank + static_cast<int>(lead.getAxis());
  bool reverse = lead.getReverse();
  llvm::DenseMap<Value, size_t> memberOf; // result -> member index
  llvm::DenseSet<Value> members;
  for (auto [i, member] : llvm::enumerate(group))
    for (Value r : sl::ScanOp(member).getResults()) {
      memberOf[r] = i;
      members.insert(r);
    }
  auto isMemberOp = [&](Operation *op) {
    auto scan = dyn_cast<sl::ScanOp>(op);
    return scan && llvm::is_contained(group, scan);
  };

  // Everything element-wise downstream of the members, and which of those
  // values (or members) another kernel reads or the model returns.
  llvm::SetVector<Value> downstream;
  llvm::SetVector<Value> readOutside;
  SmallVector<Value> work(members.begin(), members.end());
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (ctx.resultIndex.count(v))
      readOutside.insert(v);
    for (Operation *user : v.getUsers()) {
      if (isa<tensor::DimOp>(user) || isMemberOp(user))
        continue;
      // (An op in another block, a loop body's, is another kernel's.)
      if (!isFusable(user) || user->getBlock() != lead->getBlock()) {
        readOutside.insert(v);
        continue;
      }
      Value next = user->getResult(0);
      if (downstream.insert(next))
        work.push_back(next);
    }
  }
  // The values to store: those read outside that are not members. Each must
  // be computable in the kernel, or no epilogue at all.
  for (Value v : downstream) {
    if (!readOutside.contains(v))
      continue;
    if (isBoolean(v) || ctx.shapes.shape(v) != shape)
      return none;
    OperandCone cone(ctx, members, rank, axis, reverse, /*exclusive=*/false);
    cone.visit(v);
    if (!cone.ok || cone.ops > kMaxGroupInlineOps)
      return none;
    ep.values.push_back(v);
  }
  llvm::sort(ep.values, [](Value a, Value b) {
    return a.getDefiningOp()->isBeforeInBlock(b.getDefiningOp());
  });

  // A member is internal when nothing outside reads its states and every
  // shift of them inside reads the step just before (the kernel hands that
  // over from the state it carries).
  ep.internal.assign(group.size(), true);
  // (A state stored in f16 or bf16 is read back rounded: stored then.)
  for (Value r : members) {
    Type element = cast<RankedTensorType>(r.getType()).getElementType();
    if (readOutside.contains(r) || KernelBuilder::computeType(element) != element)
      ep.internal[memberOf[r]] = false;
  }
  // The members each downstream value reads (through anything).
  llvm::DenseMap<Value, llvm::SmallDenseSet<size_t, 4>> reached;
  std::function<const llvm::SmallDenseSet<size_t, 4> &(Value)> reach =
      [&](Value v) -> const llvm::SmallDenseSet<size_t, 4> & {
    if (auto it = reached.find(v); it != reached.end())
      return it->second;
    llvm::SmallDenseSet<size_t, 4> set;
    if (auto it = memberOf.find(v); it != memberOf.end())
      set.insert(it->second);
    else if (downstream.contains(v))
      for (Value operand : v.getDefiningOp()->getOperands())
        if (isa<RankedTensorType>(operand.getType()))
          for (size_t m : reach(operand))
            set.insert(m);
    return reached[v] = std::move(set);
  };
  int64_t oneStep = reverse ? -1 : 1;
  for (Value v : downstream) {
    auto shift = dyn_cast<sl::ShiftOp>(v.getDefiningOp());
    if (!shift)
      continue;
    bool direct = memberOf.count(shift.getInput()) &&
                  shift.getAmount() == oneStep &&
                  static_cast<int>(shift.getAxis()) == axis;
    if (!direct)
      for (size_t m : reach(shift.getInput()))
        ep.internal[m] = false;
  }
  for (Value v : downstream)
    if (!llvm::is_contained(ep.values, v))
      ep.inside.push_back(v.getDefiningOp());
  return ep;
}

} // namespace sluice::codegen::cpu
