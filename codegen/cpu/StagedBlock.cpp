//===- StagedBlock.cpp - A block of steps whose state-free values go first ===//

#include "codegen/cpu/StagedBlock.h"

#include <algorithm>

using namespace mlir;

namespace sluice::codegen::cpu {

SmallVector<StagedPart> coefficientParts(ScanInfo &info) {
  SmallVector<StagedPart> parts;
  for (auto *list : {&info.m, &info.f})
    for (Operand &o : *list)
      if (o.value)
        parts.emplace_back(o.value, o.map);
  return parts;
}

int64_t stagedBlockSteps(int64_t requested, int64_t width, int64_t budget) {
  return std::max<int64_t>(
      1, std::min(requested, budget / std::max<int64_t>(width, 1)));
}

StagedBlock::StagedBlock(KernelBuilder &kb, ExprEmitter &em, Type compute,
                         SmallVector<StagedPart> parts, int64_t steps)
    : kb(kb), em(em), computeType(compute), parts(std::move(parts)), steps(steps),
      width(std::max<int64_t>(1, this->parts.size())) {
  array = kb.stackArray(compute, steps * width);
}

Value StagedBlock::slot(Value j, size_t p) {
  return kb.add(kb.mul(j, kb.i64(width)), kb.i64(static_cast<int64_t>(p)));
}

void StagedBlock::compute(
    const std::function<SmallVector<Value>(Value)> &whereOf) {
  kb.unrolledLoopCarried(0, steps, {}, [&](Value j, ValueRange) {
    em.beginScope();
    SmallVector<Value> where = whereOf(j);
    for (auto [p, part] : llvm::enumerate(parts))
      kb.store(array, slot(j, p), em.emit(part.first, part.second, where),
               computeType);
    return SmallVector<Value>{};
  });
}

void StagedBlock::provide(Value j) {
  for (auto [p, part] : llvm::enumerate(parts))
    em.provide(part.first, part.second, kb.load(array, slot(j, p), computeType));
}

} // namespace sluice::codegen::cpu
