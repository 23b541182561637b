//===- LanePairs.cpp - Two neighbouring channels of one work-item ---------===//
//
// See LanePairs.h.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/LanePairs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
/// The f32 whose top half is the high bf16 of 32-bit `word`.
Value highHalf(KernelBuilder &kb, Value word) {
  Value bits = kb.b.create<arith::AndIOp>(
      kb.loc, word, kb.b.create<arith::ConstantIntOp>(kb.loc, 0xffff0000u, 32));
  return kb.b.create<arith::BitcastOp>(kb.loc, kb.b.getF32Type(), bits);
}
} // namespace

Value LanePairs::load(KernelBuilder &kb, int lane, LoadKey key,
                      bool followsPairedDim, bool unitStride, Value ptr,
                      Value offset, Type storage) {
  if (lane == 1) {
    auto found = std::find_if(pending.begin(), pending.end(),
                              [&](const Pending &p) { return p.key == key; });
    if (found == pending.end())
      return kb.load(ptr, offset, storage);
    Pending shared = *found;
    pending.erase(found);
    return shared.share == Share::Word ? highHalf(kb, shared.value)
                                       : shared.value;
  }
  if (!followsPairedDim) {
    Value value = kb.load(ptr, offset, storage);
    pending.push_back({std::move(key), Share::Value, value});
    return value;
  }
  if (!unitStride || !storage.isBF16())
    return kb.load(ptr, offset, storage);
  // The word of channels c and c + 1: c's offset is even where the pairing
  // is used (an even extent of pairedDim, c even).
  Type i32 = kb.b.getI32Type();
  Value word = kb.b.create<LLVM::LoadOp>(
      kb.loc, i32, kb.gep(ptr, pairWordIndex(kb, offset), i32));
  ++words;
  pending.push_back({std::move(key), Share::Word, word});
  return kb.bf16LowBitsToF32(word);
}

Value pairHalf(KernelBuilder &kb, Value word, int lane) {
  return lane == 0 ? kb.bf16LowBitsToF32(word) : highHalf(kb, word);
}

Value packPairHalves(KernelBuilder &kb, Value low, Value high) {
  // The halves of one word (LanePairs::load's lanes): its low half shifted
  // up, its high half masked.
  auto wordOf = [](Value half, auto op, uint32_t operand) -> Value {
    auto cast = half.getDefiningOp<arith::BitcastOp>();
    auto take = cast ? cast.getIn().getDefiningOp<decltype(op)>() : nullptr;
    std::optional<int64_t> rhs =
        take ? getConstantIntValue(take.getRhs()) : std::nullopt;
    return rhs && static_cast<uint32_t>(*rhs) == operand ? take.getLhs()
                                                         : Value();
  };
  Value word = wordOf(low, arith::ShLIOp(), 16);
  if (word && word == wordOf(high, arith::AndIOp(), 0xffff0000u))
    return word;
  Type i32 = kb.b.getI32Type();
  Value lowBits = kb.b.create<arith::ShRUIOp>(
      kb.loc, kb.b.create<arith::BitcastOp>(kb.loc, i32, low),
      kb.b.create<arith::ConstantIntOp>(kb.loc, 16, 32));
  Value highBits = kb.b.create<arith::AndIOp>(
      kb.loc, kb.b.create<arith::BitcastOp>(kb.loc, i32, high),
      kb.b.create<arith::ConstantIntOp>(kb.loc, 0xffff0000u, 32));
  return kb.b.create<arith::OrIOp>(kb.loc, highBits, lowBits);
}

Value pairWordIndex(KernelBuilder &kb, Value offset) {
  return kb.b.create<arith::ShRSIOp>(kb.loc, offset, kb.i64(1));
}

SmallVector<Value> pairedCoords(KernelBuilder &kb, ArrayRef<Value> coords,
                                int pairedDim) {
  SmallVector<Value> next(coords.begin(), coords.end());
  next[pairedDim] = kb.add(next[pairedDim], kb.i64(1));
  return next;
}

} // namespace sluice::codegen::cpu
