//===- ExprEmitter.cpp - Element-wise expressions inside a kernel ---------===//

#include "codegen/cpu/ExprEmitter.h"

#include "codegen/cpu/LanePairs.h"
#include "codegen/cpu/ScalarOps.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <limits>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::cpu {

DimMap alignTrailing(const SymShape &value, const SymShape &space, int skip) {
  // The space dims that remain once `skip` is removed, last first.
  SmallVector<int> dims;
  for (int d = static_cast<int>(space.size()) - 1; d >= 0; --d)
    if (d != skip)
      dims.push_back(d);
  DimMap map(value.size(), -1);
  for (size_t i = 0; i < value.size(); ++i) {
    size_t fromEnd = value.size() - 1 - i;
    if (fromEnd >= dims.size())
      continue;
    int d = dims[fromEnd];
    bool stretched = value[i].dim < 0 && value[i].literal == 1 &&
                     space[d] != value[i];
    map[i] = stretched ? -1 : d;
  }
  return map;
}

DimMap identityMap(size_t rank) {
  DimMap map;
  for (size_t d = 0; d < rank; ++d)
    map.push_back(static_cast<int>(d));
  return map;
}

bool ExprEmitter::isInline(Value v) const {
  if (ctx.buffers.count(v))
    return false;
  Operation *def = v.getDefiningOp();
  return def && isFusable(def);
}

DimMap ExprEmitter::broadcastOperandMap(Operation *op, const DimMap &map) {
  auto bc = cast<sl::BroadcastOp>(op);
  auto inType = bc.getInput().getType();
  auto outType = bc.getResult().getType();
  DimMap result;
  for (auto [i, d] : llvm::enumerate(bc.getDims())) {
    bool stretched = inType.getDimSize(i) == 1 && outType.getDimSize(d) != 1;
    result.push_back(stretched ? -1 : map[d]);
  }
  return result;
}

ExprEmitter::Leaf &ExprEmitter::leafFor(Value v, const DimMap &map) {
  int32_t buffer = ctx.materialize(v);
  Key key{buffer, std::vector<int>(map.begin(), map.end())};
  auto it = leaves.find(key);
  if (it != leaves.end())
    return it->second;
  Leaf leaf;
  leaf.buffer = buffer;
  leaf.map = map;
  leaf.slot = ks.slot(buffer);
  return leaves.emplace(key, std::move(leaf)).first->second;
}

void ExprEmitter::collect(Value v, const DimMap &map) {
  if (bound.count(v.getAsOpaquePointer()))
    return;
  if (!isInline(v)) {
    leafFor(v, map);
    return;
  }
  Operation *def = v.getDefiningOp();
  if (isa<sl::BroadcastOp>(def)) {
    collect(def->getOperand(0), broadcastOperandMap(def, map));
    return;
  }
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      collect(operand, map);
}

bool ExprEmitter::denseOverTrailing(Value v, const DimMap &map, int count) {
  if (bound.count(v.getAsOpaquePointer()))
    return false;
  int n = static_cast<int>(space.size());
  if (!isInline(v)) {
    Leaf &leaf = leafFor(v, map);
    const auto &sizes = ctx.plan.buffers[leaf.buffer].shape;
    int rank = static_cast<int>(leaf.map.size());
    if (rank < count || static_cast<int>(sizes.size()) != rank)
      return false;
    for (int i = 0; i < count; ++i) {
      int own = rank - count + i, d = n - count + i;
      runtime::SizeExpr want = space[d].size();
      const runtime::SizeExpr &have = sizes[own];
      if (leaf.map[own] != d || have.constant != want.constant ||
          have.dims != want.dims || have.divisor != 1 ||
          !have.divisorDims.empty())
        return false;
    }
    return true;
  }
  Operation *def = v.getDefiningOp();
  if (isa<sl::ShiftOp>(def))
    return false;
  if (isa<sl::BroadcastOp>(def))
    return denseOverTrailing(def->getOperand(0), broadcastOperandMap(def, map),
                             count);
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()) &&
        !denseOverTrailing(operand, map, count))
      return false;
  return true;
}

void ExprEmitter::prepare(ArrayRef<Value> coords) {
  KernelBuilder &kb = ks.kb;
  itemCoords.assign(coords.begin(), coords.end());
  shiftBack.assign(space.size(), 0);
  for (auto &[key, leaf] : leaves) {
    // Row-major strides of the buffer, from its own symbolic sizes.
    const auto &sizes = ctx.plan.buffers[leaf.buffer].shape;
    SmallVector<Value> strides(sizes.size());
    Value stride = kb.i64(1);
    for (int i = static_cast<int>(sizes.size()) - 1; i >= 0; --i) {
      strides[i] = stride;
      if (i > 0) {
        Value n = kb.i64(sizes[i].constant);
        for (int32_t d : sizes[i].dims)
          n = kb.mul(n, kb.dim(d));
        stride = kb.mul(stride, n);
      }
    }
    leaf.base = kb.i64(0);
    leaf.loopStride.assign(space.size(), Value());
    leaf.dimStride.assign(space.size(), Value());
    for (size_t i = 0; i < leaf.map.size(); ++i) {
      int d = leaf.map[i];
      if (d < 0)
        continue;
      leaf.dimStride[d] = strides[i];
      if (itemCoords[d])
        leaf.base = kb.add(leaf.base, kb.mul(itemCoords[d], strides[i]));
      else
        leaf.loopStride[d] = strides[i];
    }
  }
}

void ExprEmitter::prefetchAlong(int axis, Value at, ArrayRef<Value> loopSizes,
                                int64_t maxLines) {
  KernelBuilder &kb = ks.kb;
  for (auto &[key, leaf] : leaves) {
    if (!leaf.loopStride[axis])
      continue;
    Type element = ctx.storageType(leaf.buffer);
    // The last element the loops reach from the row's first, in elements.
    Value last = kb.i64(0);
    for (size_t d = 0; d < space.size(); ++d)
      if (static_cast<int>(d) != axis && leaf.loopStride[d] &&
          d < loopSizes.size() && loopSizes[d])
        last = kb.add(last, kb.mul(kb.sub(loopSizes[d], kb.i64(1)),
                                   leaf.loopStride[d]));
    Value row = kb.add(leaf.base, kb.mul(at, leaf.loopStride[axis]));
    kb.prefetch(kb.buffer(leaf.slot), row, element,
                kb.mul(last, kb.i64(element.getIntOrFloatBitWidth() / 8)),
                maxLines, /*write=*/false);
  }
}

bool ExprEmitter::dependsOn(Value v, const DimMap &map, int d) {
  if (bound.count(v.getAsOpaquePointer()))
    return true;
  if (!isInline(v))
    return llvm::is_contained(map, d);
  Operation *def = v.getDefiningOp();
  if (auto shift = dyn_cast<sl::ShiftOp>(def))
    if (map[shift.getAxis()] == d)
      return true; // zero at the first steps
  if (isa<sl::BroadcastOp>(def))
    return dependsOn(def->getOperand(0), broadcastOperandMap(def, map), d);
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()) &&
        dependsOn(operand, map, d))
      return true;
  return false;
}

void ExprEmitter::hoistInvariant(Value v, const DimMap &map,
                                 ArrayRef<Value> loopCoords, int innerDim) {
  if (!dependsOn(v, map, innerDim)) {
    // Leaves alone are cheap loads; hoist computed values.
    if (!isInline(v))
      return;
    MemoKey key = keyOf(v, map);
    if (hoisted.count(key))
      return;
    memo.clear();
    Value element = emit(v, map, loopCoords);
    memo.clear();
    hoisted[key] = element;
    return;
  }
  if (!isInline(v))
    return;
  Operation *def = v.getDefiningOp();
  if (isa<sl::BroadcastOp>(def)) {
    hoistInvariant(def->getOperand(0), broadcastOperandMap(def, map),
                   loopCoords, innerDim);
    return;
  }
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      hoistInvariant(operand, map, loopCoords, innerDim);
}

/// Appends the part (v, map) to `parts` unless it is listed already or is
/// a splat constant (a computed value with no tensor operand: no dearer than
/// a load); `leaf`: v is read from a buffer.
static void addPart(Value v, const DimMap &map,
                    SmallVectorImpl<std::pair<Value, DimMap>> &parts,
                    bool leaf = false) {
  bool hasTensorOperand =
      leaf || llvm::any_of(v.getDefiningOp()->getOperands(), [](Value operand) {
        return isa<RankedTensorType>(operand.getType());
      });
  if (!hasTensorOperand)
    return;
  for (auto &[seen, seenMap] : parts)
    if (seen == v && seenMap == map)
      return;
  parts.emplace_back(v, map);
}

void ExprEmitter::rowInvariantParts(
    Value v, const DimMap &map, int innerDim,
    SmallVectorImpl<std::pair<Value, DimMap>> &parts) {
  // (Leaves, and broadcasts of leaves, are loads: no part to keep.)
  if (!isInline(v))
    return;
  Operation *def = v.getDefiningOp();
  if (isa<sl::BroadcastOp>(def)) {
    rowInvariantParts(def->getOperand(0), broadcastOperandMap(def, map),
                      innerDim, parts);
    return;
  }
  if (!dependsOn(v, map, innerDim)) {
    addPart(v, map, parts);
    return;
  }
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      rowInvariantParts(operand, map, innerDim, parts);
}

void ExprEmitter::axisInvariantParts(
    Value v, const DimMap &map, int axis, int inner,
    SmallVectorImpl<std::pair<Value, DimMap>> &parts, int across) {
  if (!isInline(v)) {
    // A leaf read across `across` with a stride (its last dim of more than
    // one element follows another space dim): a gather in a loop over
    // `across`, unless kept in the kernel's own layout.
    auto last = llvm::find_if(llvm::reverse(map), [](int d) { return d >= 0; });
    if (across >= 0 && last != map.rend() && *last != across &&
        !dependsOn(v, map, axis) && dependsOn(v, map, inner) &&
        dependsOn(v, map, across) && !bound.count(v.getAsOpaquePointer()))
      addPart(v, map, parts, /*leaf=*/true);
    return;
  }
  Operation *def = v.getDefiningOp();
  if (isa<sl::BroadcastOp>(def)) {
    axisInvariantParts(def->getOperand(0), broadcastOperandMap(def, map), axis,
                       inner, parts, across);
    return;
  }
  if (!dependsOn(v, map, axis)) {
    if (dependsOn(v, map, inner))
      addPart(v, map, parts);
    return;
  }
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      axisInvariantParts(operand, map, axis, inner, parts, across);
}

bool ExprEmitter::readsBound(Value v) const {
  if (bound.count(v.getAsOpaquePointer()))
    return true;
  if (!isInline(v))
    return false;
  return llvm::any_of(v.getDefiningOp()->getOperands(), [&](Value operand) {
    return isa<RankedTensorType>(operand.getType()) && readsBound(operand);
  });
}

void ExprEmitter::boundFreeParts(
    Value v, const DimMap &map,
    SmallVectorImpl<std::pair<Value, DimMap>> &parts) {
  // Only float parts: a condition (a comparison's i1) is staged through its
  // operands instead.
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(v.getType()));
  if (!readsBound(v) && isFloat) {
    if (isInline(v) && llvm::none_of(v.getDefiningOp()->getOperands(),
                                     [](Value operand) {
                                       return isa<RankedTensorType>(
                                           operand.getType());
                                     }))
      return; // a constant
    for (auto &[seen, seenMap] : parts)
      if (seen == v && seenMap == map)
        return;
    parts.emplace_back(v, map);
    return;
  }
  if (bound.count(v.getAsOpaquePointer()) || !isInline(v))
    return;
  Operation *def = v.getDefiningOp();
  // A shift's operand is read at other coordinates than `map` says.
  if (isa<sl::ShiftOp>(def))
    return;
  if (isa<sl::BroadcastOp>(def)) {
    boundFreeParts(def->getOperand(0), broadcastOperandMap(def, map), parts);
    return;
  }
  for (Value operand : def->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      boundFreeParts(operand, map, parts);
}

ExprEmitter::MemoKey ExprEmitter::keyOf(Value v, const DimMap &map) const {
  MemoKey key{v.getAsOpaquePointer(), std::vector<int>(map.begin(), map.end())};
  if (llvm::any_of(shiftBack, [](int64_t back) { return back != 0; })) {
    key.second.push_back(std::numeric_limits<int>::min());
    for (int64_t back : shiftBack)
      key.second.push_back(static_cast<int>(back));
  }
  return key;
}

Value ExprEmitter::coordinate(int d, ArrayRef<Value> loopCoords) {
  if (static_cast<size_t>(d) < loopCoords.size() && loopCoords[d])
    return loopCoords[d];
  if (static_cast<size_t>(d) < itemCoords.size() && itemCoords[d])
    return itemCoords[d];
  throw std::runtime_error("sluice codegen: a shift along a dim the kernel "
                           "does not index");
}

Value ExprEmitter::emitShift(Operation *op, const DimMap &map,
                             ArrayRef<Value> loopCoords) {
  KernelBuilder &kb = ks.kb;
  auto shift = cast<sl::ShiftOp>(op);
  int64_t amount = shift.getAmount();
  Type compute = KernelBuilder::computeType(
      getElementTypeOrSelf(shift.getResult().getType()));
  Value zero = kb.fconst(compute, 0.0);
  int d = map[shift.getAxis()];
  if (d < 0) // a stretched size-1 dim: index 0 reads index -amount
    return amount == 0 ? emit(shift.getInput(), map, loopCoords) : zero;
  // The position read, in this shift's own coordinates.
  Value seen = kb.sub(coordinate(d, loopCoords), kb.i64(shiftBack[d] + amount));
  Value geZero = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::sge,
                                            seen, kb.i64(0));
  Value below = kb.b.create<arith::CmpIOp>(kb.loc, arith::CmpIPredicate::slt,
                                           seen, kb.size(space[d]));
  Value valid = kb.b.create<arith::AndIOp>(kb.loc, geZero, below);
  shiftBack[d] += amount;
  Value element = emit(shift.getInput(), map, loopCoords);
  shiftBack[d] -= amount;
  return kb.b.create<arith::SelectOp>(kb.loc, valid, element, zero);
}

Value ExprEmitter::loadPaired(const Leaf &leaf, ArrayRef<Value> loopCoords,
                              Value ptr, Value offset, Type storage) {
  int d = pairs->dim();
  LanePairs::LoadKey key;
  key.buffer = leaf.buffer;
  key.map.assign(leaf.map.begin(), leaf.map.end());
  key.shifts.assign(shiftBack.begin(), shiftBack.end());
  for (size_t i = 0; i < loopCoords.size(); ++i)
    key.coords.push_back(static_cast<int>(i) == d || !loopCoords[i]
                             ? nullptr
                             : loopCoords[i].getAsOpaquePointer());
  bool follows = llvm::is_contained(leaf.map, d);
  return pairs->load(ks.kb, pairLane, std::move(key), follows,
                     unitStrideAlong(leaf, d), ptr, offset, storage);
}

bool ExprEmitter::unitStrideAlong(const Leaf &leaf, int d) const {
  return !leaf.map.empty() && leaf.map.back() == d &&
         llvm::count(leaf.map, d) == 1 && shiftBack[d] == 0;
}

bool ExprEmitter::loadsPairWord(Value v, const DimMap &map, int pairedDim) {
  // A bf16 leaf widened to f32 is the leaf's element (a bf16 load widens).
  if (auto widen = v.getDefiningOp<arith::ExtFOp>())
    if (getElementTypeOrSelf(widen.getIn().getType()).isBF16() &&
        getElementTypeOrSelf(widen.getType()).isF32())
      v = widen.getIn();
  if (bound.count(v.getAsOpaquePointer()) || isInline(v))
    return false;
  const Leaf &leaf = leafFor(v, map);
  return ctx.storageType(leaf.buffer).isBF16() &&
         unitStrideAlong(leaf, pairedDim);
}

Value ExprEmitter::emit(Value v, const DimMap &map, ArrayRef<Value> loopCoords) {
  MemoKey memoKey = keyOf(v, map);
  auto found = memo.find(memoKey);
  if (found != memo.end())
    return found->second;
  auto boundIt = bound.find(v.getAsOpaquePointer());
  if (boundIt != bound.end()) {
    if (llvm::any_of(shiftBack, [](int64_t back) { return back != 0; }))
      throw std::runtime_error("sluice codegen: a shift of a state the kernel "
                               "computes");
    assert(boundIt->second && "setBound before emitting a bound value");
    return boundIt->second;
  }
  found = hoisted.find(memoKey);
  if (found != hoisted.end())
    return found->second;
  KernelBuilder &kb = ks.kb;
  Value result;
  if (!isInline(v)) {
    Leaf &leaf = leafFor(v, map);
    Value offset = leaf.base;
    for (size_t d = 0; d < space.size(); ++d)
      if (leaf.loopStride[d])
        offset = kb.add(offset, kb.mul(loopCoords[d], leaf.loopStride[d]));
    // Under shifts: the moved coordinate, clamped into the dim (the shift
    // puts zero where it is outside).
    for (size_t d = 0; d < shiftBack.size(); ++d) {
      if (!shiftBack[d] || !leaf.dimStride[d])
        continue;
      Value at = coordinate(static_cast<int>(d), loopCoords);
      Value moved = kb.max(kb.min(kb.sub(at, kb.i64(shiftBack[d])),
                                  kb.sub(kb.size(space[d]), kb.i64(1))),
                           kb.i64(0));
      offset = kb.add(offset, kb.mul(kb.sub(moved, at), leaf.dimStride[d]));
    }
    Value ptr = kb.buffer(leaf.slot);
    Type storage = ctx.storageType(leaf.buffer);
    result = pairs ? loadPaired(leaf, loopCoords, ptr, offset, storage)
                   : kb.load(ptr, offset, storage);
  } else {
    Operation *def = v.getDefiningOp();
    if (isa<sl::BroadcastOp>(def)) {
      result = emit(def->getOperand(0), broadcastOperandMap(def, map), loopCoords);
    } else if (isa<sl::ShiftOp>(def)) {
      result = emitShift(def, map, loopCoords);
    } else if (Value c = emitSplatConstant(kb, def)) {
      result = c;
    } else {
      SmallVector<Value> operands;
      for (Value operand : def->getOperands())
        operands.push_back(emit(operand, map, loopCoords));
      result = emitScalarOp(kb, def, operands);
    }
  }
  memo[memoKey] = result;
  return result;
}

} // namespace sluice::codegen::cpu
